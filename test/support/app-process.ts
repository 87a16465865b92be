import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../apps/api/src/auth/sign-token';
import { eventually } from './eventually';

const ROOT = join(__dirname, '../..');
export const TEST_SECRET = 'e2e-secret-that-is-long-enough-for-hs256';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Listens on loopback on a port the system picks, and answers it: unlike `freePort`, no other process can take it first. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export interface RunningApp {
  url: string;
  grpcAddress: string;
  dataDir: string;
  /** Graceful stop (SIGTERM); resolves once it has exited and all it wrote has been read. */
  stop(): Promise<void>;
  /** Crash (SIGKILL); resolves once all it wrote has been read. */
  kill(): Promise<void>;
  /** Starts the app again on the same data dir and ports. */
  restart(): Promise<void>;
  output(): string;
  /** Waits until the app has printed `pattern`: a log line may reach the pipe after the effect it reports. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** How the last run ended: exit code, or the signal that ended it; both null while running. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null };
  cleanup(): Promise<void>;
}

/**
 * Starts the real app as its own process on a temporary data dir, and waits until it answers:
 * from the TypeScript sources, the way `npm start` does (build if needed, serve the build), or as `npm run demo`.
 */
export async function startApp(env: Record<string, string> = {}, how: 'sources' | 'npm start' | 'demo' = 'sources'): Promise<RunningApp> {
  // A data dir the caller names (a second process on the same one, the web tests' own) is removed with the app, too.
  const dataDir = env.GOVERNANCE_DATA_DIR || mkdtempSync(join(tmpdir(), 'gov-e2e-'));
  let [port, grpcPort] = [0, 0];
  let child: ChildProcess;
  let log = '';
  const launch = async () => {
    const args = {
      'npm start': [join(ROOT, 'scripts/start.js')],
      sources: [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'apps/api/src/main.ts')],
      // npm run demo at its small size: serves first, then fills the data dir (wait for "Demo ready").
      demo: [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'apps/api/src/cli/demo.ts'), '--size', 'small'],
    }[how];
    child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        GRPC_PORT: String(grpcPort),
        GOVERNANCE_DATA_DIR: dataDir,
        AUTH_JWT_SECRET: TEST_SECRET,
        // Tests write as one identity as fast as the machine goes, so the per-identity limit (600 a
        // minute) is reached sooner the faster the machine; the tests of the limit set their own.
        RATE_LIMIT_PER_MINUTE: '1000000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const launched = child;
    closing = new Promise((resolve) => launched.once('close', () => resolve()));
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    // `npm start` may first build the API and the web app.
    const outcome = await eventually(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) return 'exited';
        // No expect(): the benchmarks start the app outside Jest.
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (!res.ok) throw new Error(`health answered ${res.status}`);
        return 'up';
      },
      { timeoutMs: how === 'npm start' ? 170_000 : 120_000 },
    ).catch(() => 'late');
    if (outcome === 'up') return;
    if (outcome === 'exited') {
      await closing;
      throw new Error(`app exited with ${child.exitCode ?? child.signalCode}:\n${log}`);
    }
    await exited('SIGKILL');
    throw new Error(`app did not start:\n${log}`);
  };
  // 'close', not 'exit': only then has all the child wrote reached `log` (its pipes drain after it exits),
  // and, under `npm start`, has the server the launcher started (which shares its pipes) ended too.
  let closing: Promise<void> = Promise.resolve();
  const exited = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await closing;
  };
  // A port freePort() found free may be taken by another test process before the app listens on it:
  // the first launch then picks new ports and tries again. Restarts keep theirs, as a real restart does.
  for (let attempt = 1; ; attempt++) {
    [port, grpcPort] = [await freePort(), await freePort()];
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt === 3 || !/EADDRINUSE/.test(log)) throw error;
      log = '';
    }
  }
  const app: RunningApp = {
    url: `http://127.0.0.1:${port}/graphql`,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    dataDir,
    stop: () => exited('SIGTERM'),
    kill: () => exited('SIGKILL'),
    restart: async () => {
      await exited('SIGTERM');
      await launch();
    },
    output: () => log,
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      eventually(
        () => {
          if (!pattern.test(log)) throw new Error(`the app did not print ${pattern} within ${timeoutMs} ms:\n${log}`);
          return log;
        },
        { timeoutMs, intervalMs: 50 },
      ),
    exitStatus: () => ({ code: child.exitCode, signal: child.signalCode }),
    cleanup: async () => {
      // npm start's launcher passes SIGTERM on to the server; a SIGKILL would orphan it.
      await exited(how === 'npm start' ? 'SIGTERM' : 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return app;
}

export function token(roles: string[], name = 'Test user', sub?: string, ttlSeconds?: number): Promise<string> {
  return signToken(TEST_SECRET, { roles, name, sub, ttlSeconds });
}

/** A GraphQL or gRPC answer as the tests read it: walked by path, its shape being what they assert. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = Record<string, any>;

export interface GqlResult<T = Answer> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; details?: Record<string, unknown> } }>;
  status: number;
}

export async function gql<T = Answer>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  bearer?: string,
): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as object), status: res.status };
}

/** The first error code of a result, or 'OK'. */
export const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.code ?? 'OK';

/** `/health`'s status and body: `info` lists what is up, `error` what is down (with `error` and, for faults, `reason`). */
export async function health(app: RunningApp) {
  const res = await fetch(app.url.replace(/graphql$/, 'health'));
  return {
    status: res.status,
    body: (await res.json()) as {
      status: string;
      info?: Record<string, { status: string }>;
      error?: Record<string, { status: string; error?: string; reason?: string }>;
    },
  };
}

export async function logPosition(app: RunningApp): Promise<string> {
  const res = await fetch(app.url.replace('/graphql', '/health'));
  return ((await res.json()) as { info: { eventLog: { position: string } } }).info.eventLog.position;
}

/** One Prometheus series' value (e.g. `name{label="x"}`) on the app's /metrics; NaN when it has none. */
export async function metric(app: RunningApp, series: string): Promise<number> {
  const text = await (await fetch(app.url.replace(/graphql$/, 'metrics'))).text();
  return Number(
    text
      .split('\n')
      .find((line) => line.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? NaN,
  );
}
