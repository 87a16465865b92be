// Every screen and its stable address. A role's screens are one lazily loaded module each, so a
// public reader downloads none of them; add a role by adding its module and a few lines here.
import { lazy } from 'react';
import { RouteObject } from 'react-router';
import { HomePage } from './screens/public/home';
import { BodyPage } from './screens/public/body';
import { MeetingPage } from './screens/public/meeting';
import { RecommendationPage } from './screens/public/recommendation';
import { PublicRegisterPage } from './screens/public/register';
import { SignInPage } from './screens/signin/signin';
import { SignInCallback } from './screens/signin/callback';

const Dashboard = lazy(() => import('./screens/oversight/dashboard'));
const Register = lazy(() => import('./screens/oversight/register'));
const Admin = lazy(() => import('./screens/admin/admin'));
const AdminUnits = lazy(() => import('./screens/admin/units'));
const AdminUnit = lazy(() => import('./screens/admin/unit'));
const AdminBodies = lazy(() => import('./screens/admin/bodies'));
const AdminBody = lazy(() => import('./screens/admin/body'));
const UnitInbox = lazy(() => import('./screens/unit/inbox'));
const UnitRecommendation = lazy(() => import('./screens/unit/recommendation'));
const SecretaryMeetings = lazy(() => import('./screens/secretary/meetings'));
const SecretaryMeeting = lazy(() => import('./screens/secretary/meeting'));
const SecretaryQueue = lazy(() => import('./screens/secretary/queue'));
const SecretaryMembers = lazy(() => import('./screens/secretary/members'));

export const routes: RouteObject[] = [
  { path: '/', element: <HomePage /> },
  { path: '/bodies/:id', element: <BodyPage /> },
  { path: '/meetings/:id', element: <MeetingPage /> },
  { path: '/recommendations', element: <PublicRegisterPage /> },
  { path: '/recommendations/:id', element: <RecommendationPage /> },
  { path: '/signin', element: <SignInPage /> },
  { path: '/signin/callback', element: <SignInCallback /> },
  { path: '/dashboard', element: <Dashboard /> },
  { path: '/register', element: <Register /> },
  { path: '/admin', element: <Admin /> },
  { path: '/admin/units', element: <AdminUnits /> },
  { path: '/admin/units/:id', element: <AdminUnit /> },
  { path: '/admin/bodies', element: <AdminBodies /> },
  { path: '/admin/bodies/:id', element: <AdminBody /> },
  { path: '/unit', element: <UnitInbox /> },
  { path: '/unit/recommendations/:id', element: <UnitRecommendation /> },
  { path: '/secretary', element: <SecretaryMeetings /> },
  { path: '/secretary/meetings/:id', element: <SecretaryMeeting /> },
  { path: '/secretary/queue', element: <SecretaryQueue /> },
  { path: '/secretary/members', element: <SecretaryMembers /> },
];
