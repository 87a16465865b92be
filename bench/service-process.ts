import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A TCP port free on the loopback interface right now, for a process the benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The built service (`entry`) started as in production on free ports, with `env` on top. */
export async function startService(entry: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, PORT: String(port), GRPC_PORT: String(await freePort()), NODE_ENV: 'production', ...env },
    stdio: 'ignore',
  });
  return { child, port };
}
