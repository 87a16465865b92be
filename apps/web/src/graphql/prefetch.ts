// A screen's first queries go out as the entry starts (screens/first-queries.ts), beside the download
// of the screen's module instead of after it. The client's fetch then takes the answer of a request
// already under way that is the same to the byte (address, headers, body) instead of asking again.
import { AnyVariables, OperationContext, TypedDocumentNode, createRequest, formatDocument, makeOperation } from '@urql/core';
import { makeFetchBody, makeFetchOptions, makeFetchURL } from '@urql/core/internal';
import { afterScreenReady } from '../components/screen-ready';

const pending = new Map<string, Promise<Response>>();

const keyOf = (url: string, init: RequestInit) =>
  JSON.stringify([url, init.method ?? 'GET', [...new Headers(init.headers).entries()].sort(), init.body ?? null]);

/** Sends the query as urql's fetch exchange would for a client with these options, and keeps the answer for it. */
export function prefetch<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  context: Pick<OperationContext, 'url' | 'fetchOptions'>,
): void {
  const request = createRequest(query, variables);
  // As the client's cache exchange sends it: with __typename in every selection.
  const operation = makeOperation(
    'query',
    { ...request, query: formatDocument(request.query) },
    { ...context, requestPolicy: 'network-only' },
  );
  const body = makeFetchBody(operation);
  const url = makeFetchURL(operation, body);
  const init = makeFetchOptions(operation, body);
  const answer = fetch(url, init);
  // Not taken (the screen asked otherwise): a failure here is the screen's own request's to report.
  answer.catch(() => {});
  pending.set(keyOf(url, init), answer);
}

/** The client's fetch: an answer already on its way for the same request, once; else the network. */
export const fetchOrPrefetched: typeof fetch = (input, init) => {
  const key = typeof input === 'string' ? keyOf(input, init ?? {}) : null;
  const answer = key === null ? undefined : pending.get(key);
  if (key === null || !answer) return fetch(input, init);
  pending.delete(key);
  return answer;
};

// Only the first screen's own first answers: anything asked later (a refresh after a write) is fresh.
void afterScreenReady().then(() => pending.clear());
