import { createHash } from 'node:crypto';
import { PostgresCluster, startPostgresCluster } from '../libs/event-store/src/testing/postgres-cluster';
import { GqlResult, RunningApp, TEST_SECRET, codeOf, logPosition, startApp } from './support/app-process';
import { runCli } from './support/cli';
import { uploadEvidence } from './support/files';
import { REC_FIELDS, World, assignedRecommendation, establishWorld, mutate } from './support/scenario';

const STORY = `query($id: ID!) {
  recommendation(id: $id) { ${REC_FIELDS} history { type commandId } }
  units { id name { ru } }
}`;

async function readAfter(app: RunningApp, bearer: string, id: string, after: string): Promise<GqlResult> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'x-after-position': after },
    body: JSON.stringify({ query: STORY, variables: { id } }),
  });
  return { ...((await res.json()) as object), status: res.status };
}

describe('an embedded installation moved to PostgreSQL and served from two replicas', () => {
  let cluster: PostgresCluster;
  let embedded: RunningApp;
  let replicas: RunningApp[] = [];
  let w: World;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.cleanup()));
    await cluster?.destroy();
  });

  it('moves the log and files, refuses to serve the embedded log again, and two replicas agree, keep writing and verify', async () => {
    embedded = await startApp({}); // the embedded default, with its own history
    w = await establishWorld(embedded);
    const recommendationId = await assignedRecommendation(embedded, w, '1/2026', { ru: 'Усилить профилактику' }, { leadUnitId: w.unitA });
    await mutate(embedded, 'acceptRecommendation', { recommendationId }, w.tokenA, 'recommendation { id }');
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 'Акт ')]);
    const sha256 = createHash('sha256').update(content).digest('hex');
    await uploadEvidence(embedded, w.tokenA, 'акт.pdf', content);
    await mutate(
      embedded,
      'reportProgress',
      { recommendationId, percent: 30, note: 'Акт приложен', evidence: [{ name: 'акт.pdf', sha256 }] },
      w.tokenA,
      'recommendation { id }',
    );
    const migratedHead = await logPosition(embedded);
    const before = await readAfter(embedded, w.oversight, recommendationId, migratedHead);
    expect(codeOf(before)).toBe('OK');
    await embedded.stop();

    const url = await cluster.createDatabase('moved');
    const moved = await runCli('migrate-to-postgres.ts', { GOVERNANCE_DATA_DIR: embedded.dataDir, POSTGRES_URL: url });
    expect(moved.out).toContain(`events up to position ${migratedHead} and 1 evidence file(s) moved to PostgreSQL`);
    expect(moved.status).toBe(0);

    // No two truths: the embedded log refuses to be served again.
    await expect(startApp({ GOVERNANCE_DATA_DIR: embedded.dataDir })).rejects.toThrow(/was moved to PostgreSQL/);

    // The migrated data dir (its read model still valid) and a new, empty one.
    replicas = [await startApp({ POSTGRES_URL: url, GOVERNANCE_DATA_DIR: embedded.dataDir }), await startApp({ POSTGRES_URL: url })];
    expect(replicas[0]!.output()).toContain(`read model at log position ${migratedHead}: catching up from there`);
    expect(replicas[1]!.output()).toContain('read model at log position 0: catching up from there');
    for (const replica of replicas) {
      // Either replica's notifier may already have recorded what it sent: the log only grows past the migrated head.
      expect(BigInt(await logPosition(replica))).toBeGreaterThanOrEqual(BigInt(migratedHead));
      expect(await readAfter(replica, w.oversight, recommendationId, migratedHead)).toEqual(before);
    }

    // Writes continue through either replica, and each shows the other's.
    const next = await mutate(
      replicas[1]!,
      'reportProgress',
      { recommendationId, percent: 60, note: 'После переезда' },
      w.tokenA,
      'recommendation { id }',
    );
    expect(BigInt(next.position as string)).toBeGreaterThan(BigInt(migratedHead));
    const [a, b] = await Promise.all(replicas.map((r) => readAfter(r, w.oversight, recommendationId, next.position as string)));
    expect(a!.data!.recommendation.percent).toBe(60);
    expect(b).toEqual(a);

    // The evidence moved too: it downloads from the new replica.
    const file = await fetch(replicas[1]!.url.replace('/graphql', `/files/${sha256}`), {
      headers: { authorization: `Bearer ${w.oversight}` },
    });
    expect(file.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await file.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha256);

    const verify = await runCli('verify.ts', {
      POSTGRES_URL: url,
      GOVERNANCE_DATA_DIR: replicas[1]!.dataDir,
      AUTH_JWT_SECRET: TEST_SECRET,
    });
    expect(verify.out).toMatch(/ok: \d+ events, every stream's hash chain intact/);
    expect(verify.status).toBe(0);
  }, 300_000);
});
