import { createServer, request } from 'node:http';
import { Socket, connect } from 'node:net';
import { RunningApp, freePort } from './app-process';

export interface RoundRobinProxy {
  /** The origin a browser opens: http://127.0.0.1:<port>. */
  url: string;
  /** How many requests (WebSocket upgrades included) each replica took. */
  served: number[];
  close(): Promise<void>;
}

/**
 * A load balancer on the loopback for a browser in front of the replicas: every request (page,
 * script, GraphQL, WebSocket upgrade) goes to the next replica after the one before and passes
 * through untouched, headers included; each answer says which replica gave it in `x-replica`.
 */
export async function startRoundRobinProxy(replicas: RunningApp[]): Promise<RoundRobinProxy> {
  const targets = replicas.map((r) => new URL(r.url));
  const served = replicas.map(() => 0);
  let turn = 0;
  const next = () => {
    const i = turn++ % targets.length;
    served[i]!++;
    return { i, host: targets[i]!.hostname, port: Number(targets[i]!.port) };
  };
  const upgraded = new Set<Socket>();
  const server = createServer((req, res) => {
    const { i, host, port } = next();
    const upstream = request({ host, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-replica': String(i) });
      answer.pipe(res);
    });
    upstream.on('error', (error) => (res.headersSent ? res.destroy(error) : res.writeHead(502).end(error.message)));
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    const { host, port } = next();
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
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of upgraded) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
