// Workload of npm run bench -- --only upgrade: a read-model rebuild on the running service (the
// way `npm run rebuild` asks for one) while clients query and write at a steady rate. Reports what
// the clients saw before, during and after it (failed, blocked, p99 as a ratio to before), and the
// upgrade's duration as a ratio to a plain `npm run rebuild` of the same events with no service.
import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REBUILDING_FILE, REBUILD_REQUEST_FILE } from '@gov/read-model';
import { signToken } from '../apps/api/src/auth/sign-token';
import { freePort } from '../test/support/app-process';
import { GeneratedSummary } from './generator';
import { SteadyTraffic } from './steady-traffic';

type Row = Record<string, string | number | null>;

export interface UpgradeWorkloadOptions {
  /** The generated history (its events.sqlite is copied, never written). */
  history: string;
  work: string;
  summary: GeneratedSummary;
  secret: string;
  /** dist/apps/api/src/main.js */
  entry: string;
  report: (workload: string, row: Row) => void;
}

const BLOCKED_MS = 1000;
const QUERIES_PER_SEC = 20;
const WRITES_PER_SEC = 5;
/**
 * Each longer than the notifier's tick (every 60 s), which holds the service's thread for a while by
 * itself at 1 million events: so before and after hold one, as the upgrade does.
 */
const BEFORE_MS = 70_000;
const AFTER_MS = 70_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function upgradeWorkload(o: UpgradeWorkloadOptions): Promise<void> {
  console.log('\n7. Read-model upgrade on the running service under steady queries and writes vs a plain npm run rebuild');
  rmSync(o.work, { recursive: true, force: true });
  mkdirSync(o.work, { recursive: true });
  copyFileSync(join(o.history, 'events.sqlite'), join(o.work, 'events.sqlite'));

  // Baseline: npm run rebuild with no service running (in place, its own process); it also gives
  // the service a read model to start with.
  const rebuildStarted = process.hrtime.bigint();
  const rebuild = spawn(process.execPath, [o.entry.replace('main.js', 'cli/rebuild.js')], {
    env: { ...process.env, GOVERNANCE_DATA_DIR: o.work },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => rebuild.on('exit', resolve));
  if (code !== 0) throw new Error(`npm run rebuild exited with ${code}`);
  const rebuildSeconds = Number(process.hrtime.bigint() - rebuildStarted) / 1e9;

  const [port, grpcPort] = [await freePort(), await freePort()];
  const app = spawn(process.execPath, [o.entry], {
    env: {
      ...process.env,
      PORT: String(port),
      GRPC_PORT: String(grpcPort),
      GOVERNANCE_DATA_DIR: o.work,
      AUTH_JWT_SECRET: o.secret,
      RATE_LIMIT_PER_MINUTE: '100000000',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  app.stdout.on('data', (d) => (log += d));
  try {
    await healthy(port, app);
    const token = await signToken(o.secret, {
      name: 'Bench',
      roles: ['admin', 'oversight', ...o.summary.bodies.map((b) => `secretary:${b}`)],
    });
    const unitId = o.summary.units[20]!;
    const traffic = new SteadyTraffic({
      url: `http://127.0.0.1:${port}/graphql`,
      token,
      queries: [
        `{ recommendations(filter: { unitId: "${unitId}", overdue: true }, first: 50) { totalCount edges { node { id dueDate daysOverdue } } } }`,
        '{ recommendationStats(groupBy: BODY) { key total open overdue implementationRate } }',
        '{ recommendations(filter: { statuses: [CLOSED_IMPLEMENTED] }, first: 50) { edges { node { id status } } } }',
        '{ units { id } }',
      ],
      queriesPerSec: QUERIES_PER_SEC,
      writesPerSec: WRITES_PER_SEC,
      blockedMs: BLOCKED_MS,
    });
    await sleep(BEFORE_MS);
    traffic.mark('during');
    const upgradeStarted = process.hrtime.bigint();
    writeFileSync(join(o.work, REBUILD_REQUEST_FILE), new Date().toISOString());
    const pending = () => existsSync(join(o.work, REBUILD_REQUEST_FILE)) || existsSync(join(o.work, REBUILDING_FILE));
    while (pending()) {
      if (app.exitCode !== null) throw new Error(`the service exited during the upgrade:\n${log}`);
      await sleep(50);
    }
    const upgradeSeconds = Number(process.hrtime.bigint() - upgradeStarted) / 1e9;
    traffic.mark('after');
    await sleep(AFTER_MS);
    const phases = await traffic.stop();
    if (!/now serving read model version/.test(log)) throw new Error(`the service did not report the switch:\n${log}`);
    for (const p of phases) {
      const before = phases.find((b) => b.phase === 'before' && b.kind === p.kind)!;
      o.report('upgrade', {
        phase: p.phase,
        kind: p.kind,
        requests: p.requests,
        failed: p.failed,
        [`blockedOver${BLOCKED_MS}Ms`]: p.blocked,
        p50Ms: p.p50Ms,
        p99Ms: p.p99Ms,
        maxMs: p.maxMs,
        ratioP99VsBefore: +(p.p99Ms / before.p99Ms).toFixed(2),
        firstFailure: p.failures[0] ?? null,
        blockedAtSec: p.blockedAtSec.join(' '),
      });
    }
    o.report('upgrade', {
      phase: 'duration',
      events: o.summary.events,
      upgradeSeconds: +upgradeSeconds.toFixed(1),
      plainRebuildSeconds: +rebuildSeconds.toFixed(1),
      ratioUpgradeVsRebuild: +(upgradeSeconds / rebuildSeconds).toFixed(2),
      queriesPerSec: QUERIES_PER_SEC,
      writesPerSec: WRITES_PER_SEC,
      appPeakRssMb: peakRssMb(app),
    });
  } finally {
    const exited = new Promise((resolve) => (app.exitCode === null ? app.once('exit', resolve) : resolve(null)));
    app.kill('SIGTERM');
    await exited;
  }
}

async function healthy(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('the service exited before answering');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
}

function peakRssMb(child: ChildProcess): number | null {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}
