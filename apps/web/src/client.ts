// One urql client per signed-in identity: queries over HTTP, live updates over graphql-ws.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import { Session, isExpired } from './auth/session';
import { lastWrite } from './graphql/after-position';
import { fetchOrPrefetched } from './graphql/prefetch';

/** Where queries go, and the headers a request carries for this person (with what they wrote so far). */
export const GRAPHQL_URL = '/graphql';
export const fetchOptionsOf =
  (session: Session | null, written: () => Record<string, string> = () => ({})) =>
  (): RequestInit => ({ headers: { ...(session ? { authorization: `Bearer ${session.token}` } : {}), ...written() } });

export function makeClient(session: Session | null, onUnauthenticated: () => void): Client {
  const authorization = session ? `Bearer ${session.token}` : undefined;
  // What this person wrote is shown on every later answer, whichever replica gives it.
  const writes = lastWrite();
  const ws = createWsClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ ...(authorization ? { authorization } : {}), ...writes.headers() }),
    lazy: true,
    retryAttempts: Infinity,
    on: {
      // 4401: the server closed the socket because the token expired; the same path as an HTTP refusal.
      closed: (event) => {
        if (session && (event as { code?: number }).code === 4401) onUnauthenticated();
      },
    },
  });
  return new Client({
    url: GRAPHQL_URL,
    // The answer follows the signed-in person and the as-of date: always ask the server.
    requestPolicy: 'cache-and-network',
    exchanges: [
      mapExchange({
        onOperation(operation) {
          if (session && isExpired(session)) onUnauthenticated();
          return operation;
        },
        onError(error) {
          // The server refused the token itself (expired, revoked key), not just this one query.
          const refused = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED' && /token/.test(e.message));
          if (session && (refused || isExpired(session))) onUnauthenticated();
        },
      }),
      writes.exchange,
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
    fetchOptions: fetchOptionsOf(session, writes.headers),
    // The screen's first answers may already be on their way (screens/first-queries.ts).
    fetch: fetchOrPrefetched,
  });
}
