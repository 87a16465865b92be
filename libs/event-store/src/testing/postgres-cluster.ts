import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findPostgresBin, INSTALL } = require('../../../../scripts/ensure-postgres') as {
  findPostgresBin: () => string | undefined;
  INSTALL: string;
};

/** A PostgreSQL cluster of the tests' own, in a temp dir on a free loopback port: never the system server. */
export interface PostgresCluster {
  readonly port: number;
  readonly dir: string;
  /** Connection URL of one database of this cluster. */
  url(database: string): string;
  /** A fresh, empty database; its URL. */
  createDatabase(label?: string): Promise<string>;
  /** `pg_ctl stop` in the given mode ('immediate' is a crash: no shutdown checkpoint). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the stopped cluster again on the same dir and port. */
  start(): Promise<void>;
  /** Stops the cluster and removes its dir. */
  destroy(): Promise<void>;
}

export interface PostgresClusterOptions {
  /**
   * fsync off (the default) keeps tests quick; a server crash (`pg_ctl stop -m immediate`) still loses
   * no committed transaction, since the WAL is written to the kernel at commit. The bench turns it on.
   */
  fsync?: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** PostgreSQL refuses to run as root: then its tools run as the `postgres` user, owning the dir. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()));
  return { uid: uid!, gid: gid! };
}

function binDir(): string {
  const bin = findPostgresBin();
  if (!bin)
    throw new Error(`The PostgreSQL tests need the server binaries (initdb, pg_ctl). Install them with:\n  sudo sh -c '${INSTALL}'`);
  return bin;
}

export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const bin = binDir();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'gov-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(join(bin, tool), args, { cwd: dir, ...user }, (error, stdout, stderr) =>
        error ? reject(new Error(`${tool} failed: ${error.message}\n${stdout}${stderr}`)) : resolve(),
      );
    });
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  let port = 0;
  const settings = () =>
    [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=300',
      `-c fsync=${options.fsync ? 'on' : 'off'}`,
      '-c full_page_writes=off',
    ].join(' ');
  const start = () => run('pg_ctl', ['start', '-w', '-D', data, '-l', join(dir, 'server.log'), '-o', settings()]);
  // Another process may take the free port between the look and the start: then try another.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  let running = true;
  // A test run that dies still stops its server: no stray postmaster outlives the process.
  const onExit = () => {
    if (running) {
      try {
        execFileSync(join(bin, 'pg_ctl'), ['stop', '-m', 'immediate', '-D', data], { ...user, stdio: 'ignore' });
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run('pg_ctl', ['stop', '-w', '-m', mode, '-D', data]);
    running = false;
  };
  return {
    port,
    dir,
    url,
    async createDatabase(label = 'test') {
      const name = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomUUID().slice(0, 8)}`;
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop('fast');
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
