import { createServer, request } from 'node:http';
import { Socket, connect } from 'node:net';
import { RunningApp, listenOnLoopback } from './app-process';

export interface RoundRobinProxy {
  /** The origin a browser opens: http://127.0.0.1:<port>. */
  url: string;
  /** Stands in for a RunningApp where only its GraphQL URL is used (the scenario helpers). */
  app: RunningApp;
  /** Which replica took each request (WebSocket upgrades included), in order. */
  served: number[];
  /** The `x-after-position` each request was forwarded with, in order (absent: none). */
  carried: (string | undefined)[];
  /** The largest log position any JSON answer reported: what a client sends as x-after-position. */
  lastPosition(): string;
  close(): Promise<void>;
}

export interface RoundRobinProxyOptions {
  /**
   * The proxy plays the client's side of read-your-writes: every request carries `x-after-position`
   * with the largest position any answer reported so far, in place of the client's own. Off (the
   * default), the client's header passes through, as from a client that keeps its positions itself
   * (the web app).
   */
  sendLastPosition?: boolean;
}

/**
 * A load balancer on the loopback in front of the replicas: every request (page, script, GraphQL,
 * WebSocket upgrade) goes to the next replica after the one before, so every read lands on another
 * replica than the write before it, and passes through untouched, headers included (but for
 * `x-after-position` with `sendLastPosition`); each answer says which replica gave it in `x-replica`.
 */
export async function startRoundRobinProxy(replicas: RunningApp[], options: RoundRobinProxyOptions = {}): Promise<RoundRobinProxy> {
  const targets = replicas.map((r) => new URL(r.url));
  const served: number[] = [];
  const carried: (string | undefined)[] = [];
  let last = 0n;
  let turn = 0;
  const next = (afterPosition: string | string[] | undefined) => {
    const i = turn++ % targets.length;
    served.push(i);
    carried.push(afterPosition === undefined ? undefined : String(afterPosition));
    return { i, host: targets[i]!.hostname, port: Number(targets[i]!.port) };
  };
  const upgraded = new Set<Socket>();
  const server = createServer((req, res) => {
    const headers = options.sendLastPosition ? { ...req.headers, 'x-after-position': last.toString() } : req.headers;
    const { i, host, port } = next(headers['x-after-position']);
    const upstream = request({ host, port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-replica': String(i) });
      if (answer.headers['content-type']?.includes('json')) {
        // Read before the answer ends for the client, so its next request already carries the position.
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          for (const [, position] of Buffer.concat(chunks)
            .toString()
            .matchAll(/"position":"(\d+)"/g))
            if (BigInt(position!) > last) last = BigInt(position!);
        });
      }
      answer.pipe(res);
    });
    upstream.on('error', (error) => (res.headersSent ? res.destroy(error) : res.writeHead(502).end(error.message)));
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    const { host, port } = next(req.headers['x-after-position']);
    const upstream = connect(port, host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let n = 0; n < req.rawHeaders.length; n += 2) lines.push(`${req.rawHeaders[n]}: ${req.rawHeaders[n + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    for (const s of [socket, upstream]) {
      upgraded.add(s);
      s.on('error', () => (s === socket ? upstream : socket).destroy());
      s.on('close', () => upgraded.delete(s));
    }
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    app: { url: `http://127.0.0.1:${port}/graphql` } as RunningApp,
    served,
    carried,
    lastPosition: () => last.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of upgraded) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
