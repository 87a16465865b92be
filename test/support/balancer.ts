import { Server, createServer } from 'node:http';
import { RunningApp, freePort } from './app-process';

export interface Balancer {
  /** Stands in for a RunningApp where only its GraphQL URL is used (the scenario helpers). */
  app: RunningApp;
  /** Which replica answered each request, in order. */
  served: number[];
  /** The `x-after-position` each request was forwarded with, in order (absent: none). */
  carried: (string | undefined)[];
  /** The largest log position any answer reported: what a client sends as x-after-position. */
  lastPosition(): string;
  close(): Promise<void>;
}

/**
 * A round-robin load balancer in front of the replicas, with the client's side of read-your-writes:
 * each request goes to the next replica than the one before (so every read lands on another replica
 * than the write before it) and carries `x-after-position` with the largest position any answer
 * reported, or, with `clientPositions`, the client's own header (a client that keeps its positions
 * itself, as the web app does). Replicas that `skip` says are down get no requests.
 */
export async function startBalancer(
  replicas: RunningApp[],
  skip: (i: number) => boolean = () => false,
  clientPositions = false,
): Promise<Balancer> {
  const served: number[] = [];
  const carried: (string | undefined)[] = [];
  let last = 0n;
  let turn = 0;
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let i = turn++ % replicas.length;
        while (skip(i)) i = turn++ % replicas.length;
        served.push(i);
        const headers: Record<string, string> = clientPositions ? {} : { 'x-after-position': last.toString() };
        for (const name of ['authorization', 'content-type', ...(clientPositions ? ['x-after-position'] : [])])
          if (req.headers[name]) headers[name] = String(req.headers[name]);
        carried.push(headers['x-after-position']);
        try {
          const answer = await fetch(replicas[i]!.url.replace('/graphql', req.url ?? '/graphql'), {
            method: req.method,
            headers,
            body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
          });
          const body = await answer.text();
          for (const [, position] of body.matchAll(/"position":"(\d+)"/g)) if (BigInt(position!) > last) last = BigInt(position!);
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        } catch (error) {
          res.writeHead(502).end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const app = { url: `http://127.0.0.1:${port}/graphql` } as RunningApp;
  return {
    app,
    served,
    carried,
    lastPosition: () => last.toString(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
