import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PostgresCluster, startPostgresCluster } from '../libs/event-store/src/testing/postgres-cluster';
import { RunningApp, TEST_SECRET, codeOf, gql, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';

const ROOT = join(__dirname, '..');

interface Writes {
  acknowledged: Map<string, string>;
  codes: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * `clients` writers, each registering units one after another through the replicas in turn; a write
 * that fails for any reason is retried with the same input (same unitId and commandId) on the next
 * replica. A write counts once its answer is OK. `codes` counts every other answer by its code.
 */
function write(replicas: RunningApp[], clients: number, bearer: string, alive: (i: number) => boolean = () => true): Writes {
  const acknowledged = new Map<string, string>();
  const codes = new Map<string, number>();
  let stopping = false;
  const client = async (c: number) => {
    for (let turn = c; !stopping;) {
      const input = { unitId: randomUUID(), commandId: randomUUID(), kind: 'DISTRICT_DEPARTMENT', name: { ru: `Отдел ${c}-${turn}` } };
      for (;;) {
        const i = turn++ % replicas.length;
        if (!alive(i)) continue;
        const r = await gql(
          replicas[i]!.url,
          'mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { position unit { id } } }',
          { input },
          bearer,
        ).catch(() => null);
        const code = r ? codeOf(r) : 'CONNECTION_REFUSED';
        if (code === 'OK') {
          acknowledged.set(input.unitId, r!.data!.registerUnit.position as string);
          break;
        }
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (stopping) return;
        // A retry pause, so a client facing a stopped server does not spin.
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const running = Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const writes: Writes = {
    acknowledged,
    codes,
    stop: async () => {
      stopping = true;
      await running;
    },
  };
  active.add(writes);
  return writes;
}

/** Writers still running when a test fails are stopped before the replicas go. */
const active = new Set<Writes>();

/** Waits until at least `count` writes are acknowledged. */
function acknowledged(writes: Writes, count: number): Promise<void> {
  return eventually(() => expect(writes.acknowledged.size).toBeGreaterThanOrEqual(count), { timeoutMs: 120_000 });
}

async function unitsOn(app: RunningApp, bearer: string, after: string): Promise<Set<string>> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'x-after-position': after },
    body: JSON.stringify({ query: '{ units { id } }' }),
  });
  const body = (await res.json()) as { data?: { units: { id: string }[] }; errors?: unknown };
  if (!body.data) throw new Error(`units failed: ${JSON.stringify(body.errors)}`);
  return new Set(body.data.units.map((u) => u.id));
}

const maxPosition = (w: Writes) => [...w.acknowledged.values()].reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a), '0');

const health = async (app: RunningApp) => {
  const res = await fetch(app.url.replace('/graphql', '/health'));
  return {
    status: res.status,
    body: (await res.json()) as { info?: Record<string, { status: string }>; error?: Record<string, { status: string }> },
  };
};

describe('replicas on PostgreSQL through crashes', () => {
  let cluster: PostgresCluster;
  let url: string;
  let replicas: RunningApp[];
  let admin: string;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase('faults');
    replicas = [];
    for (let i = 0; i < 3; i++) replicas.push(await startApp({ POSTGRES_URL: url, READ_YOUR_WRITES_TIMEOUT_MS: '10000' }));
    admin = await token(['admin'], 'Администратор');
  }, 240_000);
  afterAll(async () => {
    await Promise.all([...active].map((w) => w.stop()));
    await Promise.all((replicas ?? []).map((r) => r.cleanup()));
    await cluster?.destroy();
  });

  it('loses no acknowledged write when one replica is SIGKILLed under 32 writers; the others keep serving, it restarts and catches up, and the chains verify', async () => {
    let down = -1;
    const writes = write(replicas, 32, admin, (i) => i !== down);
    await acknowledged(writes, 100);
    down = 1;
    await replicas[1]!.kill();
    const atKill = writes.acknowledged.size;
    // The other two replicas keep taking writes.
    await acknowledged(writes, atKill + 150);
    await replicas[1]!.restart();
    down = -1;
    // Writes through all three again.
    await acknowledged(writes, atKill + 250).finally(() => writes.stop());
    const after = maxPosition(writes);
    for (const replica of replicas) {
      const units = await unitsOn(replica, admin, after);
      expect([...writes.acknowledged.keys()].filter((id) => !units.has(id))).toEqual([]);
    }
    const verify = spawnSync(process.execPath, [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'apps/api/src/cli/verify.ts')], {
      env: { ...process.env, POSTGRES_URL: url, AUTH_JWT_SECRET: TEST_SECRET, GOVERNANCE_DATA_DIR: replicas[0]!.dataDir },
      encoding: 'utf8',
    });
    expect(verify.stdout).toMatch(/^ok: \d+ events, every stream's hash chain intact/m);
    expect(verify.status).toBe(0);
  }, 600_000);

  it('answers writes UNAVAILABLE while PostgreSQL is down (pg_ctl stop -m immediate), reports the log down, and recovers without a restart, losing no acknowledged write', async () => {
    const writes = write(replicas, 8, admin);
    await acknowledged(writes, 40);
    await cluster.stop('immediate');
    const atCrash = writes.acknowledged.size;
    await eventually(() => expect(writes.codes.get('UNAVAILABLE') ?? 0).toBeGreaterThanOrEqual(8), { timeoutMs: 120_000 }).catch(
      async (error: Error) => {
        await writes.stop();
        throw new Error(`${error.message}; answers: ${JSON.stringify([...writes.codes])}`);
      },
    );
    for (const replica of replicas) {
      const { status, body } = await health(replica);
      expect(status).toBe(503);
      expect(body.error?.eventLog?.status).toBe('down');
    }
    const refusedWhileDown = new Map(writes.codes);
    await cluster.start();
    // Writes acknowledged after PostgreSQL is back.
    await acknowledged(writes, atCrash + 40).finally(() => writes.stop());
    // What failed while it was down failed as retryable UNAVAILABLE, nothing else.
    expect([...refusedWhileDown.keys()]).toEqual(['UNAVAILABLE']);
    for (const replica of replicas) {
      await eventually(async () => expect((await health(replica)).status).toBe(200), { timeoutMs: 120_000 });
      const units = await unitsOn(replica, admin, maxPosition(writes));
      expect([...writes.acknowledged.keys()].filter((id) => !units.has(id))).toEqual([]);
    }
  }, 600_000);
});
