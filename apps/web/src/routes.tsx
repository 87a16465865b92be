// Every screen and its stable address. Each screen is its own lazily loaded module (screens/loaders.ts),
// so a reader downloads only the screen they open; add a screen by adding its module there.
import { ComponentType, lazy } from 'react';
import { RouteObject } from 'react-router';
import { SCREENS } from './screens/loaders';
import { SignInPage } from './screens/signin/signin';
import { SignInCallback } from './screens/signin/callback';

export const routes: RouteObject[] = [
  ...Object.entries(SCREENS).map(([path, load]) => {
    const Screen = lazy(load as () => Promise<{ default: ComponentType }>);
    return { path, element: <Screen /> };
  }),
  { path: '/signin', element: <SignInPage /> },
  { path: '/signin/callback', element: <SignInCallback /> },
];
