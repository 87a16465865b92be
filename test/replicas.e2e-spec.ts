import { createHash, randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { Client, fetchExchange } from 'urql';
import WebSocket from 'ws';
import { lastWrite } from '../apps/web/src/graphql/after-position';
import { PostgresCluster, startPostgresCluster } from '../libs/event-store/src/testing/postgres-cluster';
import { GqlResult, RunningApp, codeOf, logPosition, startApp } from './support/app-process';
import { RoundRobinProxy, startRoundRobinProxy } from './support/round-robin-proxy';
import { uploadEvidence } from './support/files';
import { unitClient } from './support/grpc-client';
import { REC_FIELDS, World, establishWorld, heldMeeting, mutate } from './support/scenario';

/** A GraphQL request to one replica carrying `x-after-position`, as a client that wrote elsewhere sends it. */
async function gqlAfter(
  app: RunningApp,
  query: string,
  variables: Record<string, unknown>,
  bearer: string,
  after: string,
): Promise<GqlResult> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'x-after-position': after },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as object), status: res.status };
}

const RECOMMENDATION = `query($id: ID!) { recommendation(id: $id) { ${REC_FIELDS} } }`;

describe('three API replicas on one PostgreSQL log', () => {
  let cluster: PostgresCluster;
  let replicas: RunningApp[];
  let lb: RoundRobinProxy;
  let w: World;
  let recommendationId: string;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('replicas');
    replicas = [];
    // One after another: the first creates the schema, and three cold starts at once crowd a small machine.
    for (let i = 0; i < 3; i++) replicas.push(await startApp({ POSTGRES_URL: url, READ_YOUR_WRITES_TIMEOUT_MS: '4000' }));
    lb = await startRoundRobinProxy(replicas, { sendLastPosition: true });
  }, 240_000);
  afterAll(async () => {
    await lb?.close();
    await Promise.all((replicas ?? []).map((r) => r.cleanup()));
    await cluster?.destroy();
  });

  it('carries the story through with writes spread over the three, each request on another replica than the one before', async () => {
    w = await establishWorld(lb.app);
    const { meetingId, itemId } = await heldMeeting(lb.app, w, '1/2026', new Date().toISOString(), { ru: 'Профилактика' });
    const text = { kk: 'Профилактиканы күшейту', ru: 'Усилить профилактику' };
    recommendationId = (
      await mutate(
        lb.app,
        'adoptRecommendation',
        { meetingId, agendaItemId: itemId, number: '1', text },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id as string;
    await mutate(
      lb.app,
      'assignResponsibility',
      { recommendationId, leadUnitId: w.unitA, dueDate: '2027-06-30' },
      w.secretary,
      'recommendation { id }',
    );
    await mutate(lb.app, 'acceptRecommendation', { recommendationId }, w.tokenA, 'recommendation { id }');
    await mutate(lb.app, 'reportProgress', { recommendationId, percent: 40, note: 'Рейды проведены' }, w.tokenA, 'recommendation { id }');
    const read = await mutate(
      lb.app,
      'reportProgress',
      { recommendationId, percent: 50, note: 'Ещё рейды' },
      w.tokenA,
      'recommendation { percent }',
    );
    expect(read.recommendation.percent).toBe(50);
    // Every replica, asked after the last write, shows it.
    for (const replica of replicas) {
      const r = await gqlAfter(replica, RECOMMENDATION, { id: recommendationId }, w.oversight, lb.lastPosition());
      expect(r.data?.recommendation).toMatchObject({ status: 'IN_PROGRESS', percent: 50, leadUnitId: w.unitA, text });
    }
    expect(new Set(lb.served)).toEqual(new Set([0, 1, 2]));
    expect(lb.served.every((r, i) => i === 0 || r !== lb.served[i - 1])).toBe(true);
    const positions = await Promise.all(replicas.map(logPosition));
    expect(new Set(positions).size).toBe(1);
  });

  it('writes once when a retry with the same commandId lands on another replica at the same moment', async () => {
    const commandId = randomUUID();
    const before = lb.lastPosition();
    const mutation = `mutation($input: ReportProgressInput!) { reportProgress(input: $input) { position revision replayed } }`;
    const input = { recommendationId, percent: 60, note: 'Повтор с другой реплики', commandId };
    const answers = await Promise.all([replicas[1]!, replicas[2]!].map((r) => gqlAfter(r, mutation, { input }, w.tokenA, before)));
    expect(answers.map(codeOf)).toEqual(['OK', 'OK']);
    const [a, b] = answers.map((r) => r.data!.reportProgress as { position: string; revision: string; replayed: boolean });
    expect(a!.position).toBe(b!.position);
    expect(a!.revision).toBe(b!.revision);
    expect([a!.replayed, b!.replayed].sort()).toEqual([false, true]);
    // One write: the log moved by one command's events, whichever replica is asked.
    const timeline = await gqlAfter(
      replicas[0]!,
      `query($id: ID!) { recommendation(id: $id) { history { commandId } } }`,
      { id: recommendationId },
      w.oversight,
      a!.position,
    );
    const mine = (timeline.data!.recommendation.history as { commandId: string | null }[]).filter((e) => e.commandId === commandId);
    expect(mine).toHaveLength(1);
  });

  it('serves evidence uploaded through one replica and cited through another from the third, checked against its hash', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(700_000, 'Акт проверки ')]);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const uploaded = await uploadEvidence(replicas[0]!, w.tokenA, 'акт проверки.pdf', content);
    expect(uploaded).toMatchObject({ sha256, size: content.length, mediaType: 'application/pdf' });
    const cited = await gqlAfter(
      replicas[1]!,
      `mutation($input: ReportProgressInput!) { reportProgress(input: $input) { position } }`,
      { input: { recommendationId, percent: 65, note: 'Акт приложен', evidence: [{ name: 'акт проверки.pdf', sha256 }] } },
      w.tokenA,
      lb.lastPosition(),
    );
    expect(codeOf(cited)).toBe('OK');
    const res = await fetch(replicas[2]!.url.replace('/graphql', `/files/${sha256}`), {
      headers: { authorization: `Bearer ${w.oversight}`, 'x-after-position': cited.data!.reportProgress.position as string },
    });
    expect(res.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await res.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha256);
  });

  it('answers x-after-position as an HTTP header, gRPC metadata and a graphql-ws connection parameter, TIMEOUT past the log, BAD_USER_INPUT when malformed', async () => {
    await mutate(
      replicas[0]!,
      'reportProgress',
      { recommendationId, percent: 70, note: 'Через первую реплику' },
      w.tokenA,
      'recommendation { id }',
    );
    const head = await logPosition(replicas[0]!);
    const beyond = (BigInt(head) + 1000n).toString();

    // HTTP header.
    expect((await gqlAfter(replicas[1]!, RECOMMENDATION, { id: recommendationId }, w.oversight, head)).data?.recommendation.percent).toBe(
      70,
    );
    expect(codeOf(await gqlAfter(replicas[1]!, RECOMMENDATION, { id: recommendationId }, w.oversight, beyond))).toBe('TIMEOUT');
    expect(codeOf(await gqlAfter(replicas[1]!, RECOMMENDATION, { id: recommendationId }, w.oversight, '-1'))).toBe('BAD_USER_INPUT');

    // gRPC metadata.
    const grpc = unitClient(replicas[2]!.grpcAddress);
    try {
      const got = await grpc.call('GetRecommendation', { recommendationId }, w.tokenA, { 'x-after-position': head });
      expect(got.recommendation).toMatchObject({ percent: 70 });
      await expect(grpc.call('GetRecommendation', { recommendationId }, w.tokenA, { 'x-after-position': beyond })).rejects.toMatchObject({
        code: 4,
        message: expect.stringContaining('[TIMEOUT]') as string,
      });
    } finally {
      grpc.close();
    }

    // graphql-ws connection parameter: every operation on the connection waits for it.
    const overWs = async (after: string) => {
      const client = createClient({
        url: replicas[1]!.url.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${w.oversight}`, 'x-after-position': after },
        retryAttempts: 0,
      });
      try {
        return await new Promise<{ data?: Record<string, { percent: number }>; errors?: unknown }>((resolve, reject) => {
          let result: { data?: Record<string, { percent: number }>; errors?: unknown } = {};
          client.subscribe<Record<string, { percent: number }>>(
            { query: RECOMMENDATION, variables: { id: recommendationId } },
            { next: (r) => (result = r as typeof result), error: (e) => resolve({ errors: e }), complete: () => resolve(result) },
          );
          setTimeout(() => reject(new Error('no answer over graphql-ws')), 30_000).unref();
        });
      } finally {
        await client.dispose();
      }
    };
    expect((await overWs(head)).data?.recommendation?.percent).toBe(70);
    expect(JSON.stringify((await overWs(beyond)).errors)).toContain('TIMEOUT');
  }, 180_000);

  it('the web app’s client sends the position of its last write, so its next read on another replica shows that write', async () => {
    const passThrough = await startRoundRobinProxy(replicas);
    try {
      const writes = lastWrite();
      const client = new Client({
        url: passThrough.app.url,
        exchanges: [writes.exchange, fetchExchange],
        fetchOptions: () => ({ headers: { authorization: `Bearer ${w.tokenA}`, ...writes.headers() } }),
      });
      // The document asks no position: the client adds it to every mutation it sends.
      const wrote = await client
        .mutation(`mutation($input: ReportProgressInput!) { reportProgress(input: $input) { recommendation { id } } }`, {
          input: { recommendationId, percent: 75, note: 'Из веб-приложения', commandId: randomUUID() },
        })
        .toPromise();
      expect(wrote.error).toBeUndefined();
      const position = (wrote.data as { reportProgress: { position: string } }).reportProgress.position;
      expect(writes.position()).toBe(position);
      const read = await client.query(RECOMMENDATION, { id: recommendationId }, { requestPolicy: 'network-only' }).toPromise();
      expect((read.data as { recommendation: { percent: number } }).recommendation.percent).toBe(75);
      expect(passThrough.served[1]).not.toBe(passThrough.served[0]);
      expect(passThrough.carried).toEqual([undefined, position]);
    } finally {
      await passThrough.close();
    }
  });
});
