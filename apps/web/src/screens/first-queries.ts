// Each screen's first queries, asked as soon as the entry runs, while the screen's module downloads
// (loaders.ts) and React starts, instead of once the screen renders: on a slow phone the answer is
// then there when the screen first renders. The screens ask with the same documents and variables,
// from the same functions, and the client takes these answers (graphql/prefetch.ts).
import { AnyVariables, TypedDocumentNode } from '@urql/core';
import { GRAPHQL_URL, fetchOptionsOf } from '../client';
import { prefetch } from '../graphql/prefetch';
import { Session, canReadAll, getSession, isExpired } from '../auth/session';
import { OrganisationQuery } from '../components/organisation';
import { MembersQuery } from '../components/members-query';
import { matchScreen } from './loaders';
import { RegisterQuery, registerVariables } from './oversight/register-query';
import { QueueQuery, queueVariables } from './secretary/queue-query';
import { MeetingsQuery, meetingsVariables } from './secretary/meetings-query';
import { PublicRegisterQuery, publicRegisterVariables } from './public/register-query';
import { BodyQuery, HomeQuery, MeetingQuery } from './public/page-queries';
import { bodyScope } from './secretary/body-scope';

interface Address {
  params: Record<string, string>;
  search: URLSearchParams;
  session: Session | null;
}
type Context = Parameters<typeof prefetch>[2];
/** A query with its variables, to be sent with the client's context. */
type First = (context: Context) => void;
const ask =
  <D, V extends AnyVariables>(query: TypedDocumentNode<D, V>, variables: V): First =>
  (context) =>
    prefetch(query, variables, context);

const FIRST: Record<string, (at: Address) => First[]> = {
  '/': () => [ask(HomeQuery, {})],
  '/bodies/:id': ({ params }) => [ask(BodyQuery, { id: params.id! })],
  '/meetings/:id': ({ params }) => [ask(MeetingQuery, { id: params.id! })],
  '/recommendations': ({ search }) => [ask(PublicRegisterQuery, publicRegisterVariables(search))],
  '/secretary': ({ search, session }) => {
    const { bodyId } = bodyScope(session, search);
    return bodyId ? [ask(MeetingsQuery, meetingsVariables(bodyId, search))] : [];
  },
  '/register': ({ search, session }) => (session ? [ask(RegisterQuery, registerVariables(search))] : []),
  '/secretary/members': ({ search, session }) => {
    const { bodyId } = bodyScope(session, search);
    return bodyId ? [ask(MembersQuery, { bodyId })] : [];
  },
  '/admin/bodies/:id': ({ params }) => [ask(MembersQuery, { bodyId: params.id! })],
  '/secretary/queue': ({ search, session }) => {
    const { bodyId } = bodyScope(session, search);
    return bodyId ? [ask(QueueQuery, queueVariables(bodyId, search))] : [];
  },
};

function askFirst(): void {
  const session = getSession();
  // An expired session is sent to sign in; its screen asks nothing.
  if (session && isExpired(session)) return;
  const context = { url: GRAPHQL_URL, fetchOptions: fetchOptionsOf(session) };
  const search = new URLSearchParams(location.search);
  // Every screen of a reader of everything names units and bodies (components/organisation.tsx).
  const asked = canReadAll(session) ? [ask(OrganisationQuery, {})] : [];
  for (const [pattern, first] of Object.entries(FIRST)) {
    const params = matchScreen(pattern, location.pathname);
    if (params) asked.push(...first({ params, search, session }));
  }
  for (const send of asked) send(context);
}

askFirst();
