// Every screen and its stable address. A role's screens are one lazily loaded module each, so a
// public reader downloads none of them; add a role by adding its module and a few lines here.
import { RouteObject } from 'react-router';
import { HomePage } from './screens/public/home';
import { BodyPage } from './screens/public/body';
import { MeetingPage } from './screens/public/meeting';
import { RecommendationPage } from './screens/public/recommendation';
import { SignInPage } from './screens/signin/signin';

export const routes: RouteObject[] = [
  { path: '/', element: <HomePage /> },
  { path: '/bodies/:id', element: <BodyPage /> },
  { path: '/meetings/:id', element: <MeetingPage /> },
  { path: '/recommendations/:id', element: <RecommendationPage /> },
  { path: '/signin', element: <SignInPage /> },
];
