import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GqlResult, RunningApp, codeOf, gql, startApp } from './support/app-process';
import { eventually } from './support/eventually';
import { World, establishWorld, mutate, scheduleMeeting } from './support/scenario';

describe('read model over GraphQL: what oversight bodies query', () => {
  let app: RunningApp;
  let w: World;
  let m1: { meetingId: string; itemIds: string[] };
  let m2: { meetingId: string; itemIds: string[] };
  const ids: Record<string, string> = {};

  const q = (query: string, variables: Record<string, unknown> = {}, bearer?: string) =>
    gql(app.url, query, variables, bearer ?? w.oversight);
  const idsOf = (r: GqlResult) => r.data!.recommendations.edges.map((e: { node: { id: string } }) => e.node.id).sort();

  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
    m1 = await scheduleMeeting(app, w, '1/2025', '2025-02-01T10:00:00Z', [{ ru: 'Итоги' }, { kk: 'Киберқауіпсіздік' }]);
    m2 = await scheduleMeeting(app, w, '2/2025', '2025-06-01T10:00:00Z', [{ ru: 'Отчёт' }]);
    for (const m of [m1, m2])
      await mutate(
        app,
        'recordMeetingHeld',
        { meetingId: m.meetingId, heldAt: '2025-06-01T10:00:00Z', membersPresent: w.members, guests: [] },
        w.secretary,
        'meeting { id }',
      );
    const adopt = async (key: string, m: typeof m1, text: Record<string, string>, extra: Record<string, unknown>) => {
      ids[key] = (
        await mutate(
          app,
          'adoptRecommendation',
          { meetingId: m.meetingId, agendaItemId: m.itemIds[0], number: key, text, ...extra },
          w.secretary,
          'recommendation { id }',
        )
      ).recommendation.id;
    };
    await adopt(
      'late',
      m1,
      { ru: 'Установить дорожные знаки на улице Крепостная' },
      { priority: 'CRITICAL', occurredAt: '2025-02-01T12:00:00Z' },
    );
    await adopt('cctv', m1, { ru: 'Перенести камеры видеонаблюдения' }, { origin: 'CITIZEN_PROPOSAL', occurredAt: '2025-02-01T12:00:00Z' });
    await adopt(
      'cyber',
      m1,
      { kk: 'Жасанды интеллектті киберқылмысқа қарсы қолдану' },
      { priority: 'HIGH', origin: 'MEDIA_REQUEST', occurredAt: '2025-02-01T12:00:00Z' },
    );
    await adopt('fresh', m2, { en: 'Equip patrol cars with flashing beacons' }, { occurredAt: '2025-06-01T12:00:00Z' });
    const assign = (key: string, lead: string, due: string, co: string[] = []) =>
      mutate(
        app,
        'assignResponsibility',
        { recommendationId: ids[key], leadUnitId: lead, coExecutorUnitIds: co, dueDate: due },
        w.secretary,
        'recommendation { id }',
      );
    await assign('late', w.unitA, '2025-05-01');
    await assign('cctv', w.unitB, '2099-01-01', [w.unitA]);
    await assign('cyber', w.unitA, '2099-06-01');
    await mutate(app, 'acceptRecommendation', { recommendationId: ids.cyber }, w.tokenA, 'recommendation { id }');
    await mutate(app, 'reportImplementation', { recommendationId: ids.cyber, summary: 'Внедрено' }, w.tokenA, 'recommendation { id }');
    await mutate(app, 'verifyImplementation', { recommendationId: ids.cyber }, w.secretary, 'recommendation { id }');
    await mutate(app, 'approveMinutes', { meetingId: m1.meetingId }, w.secretary, 'meeting { id }');
    await mutate(app, 'publishMeeting', { meetingId: m1.meetingId }, w.secretary, 'meeting { id }');
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('filters by status, unit (lead or co-executor), overdue, priority, origin and body', async () => {
    const by = async (filter: Record<string, unknown>) =>
      idsOf(await q('query($f: RecommendationFilterInput) { recommendations(filter: $f) { edges { node { id } } } }', { f: filter }));
    expect(await by({ statuses: ['CLOSED_IMPLEMENTED'] })).toEqual([ids.cyber]);
    expect(await by({ unitId: w.unitA })).toEqual([ids.late, ids.cctv, ids.cyber].sort());
    expect(await by({ unitId: w.unitA, leadOnly: true })).toEqual([ids.late, ids.cyber].sort());
    expect(await by({ overdue: true })).toEqual([ids.late]);
    expect(await by({ priorities: ['CRITICAL'] })).toEqual([ids.late]);
    expect(await by({ origins: ['CITIZEN_PROPOSAL', 'MEDIA_REQUEST'] })).toEqual([ids.cctv, ids.cyber].sort());
    expect(await by({ meetingIds: [m2.meetingId] })).toEqual([ids.fresh]);
    expect(await by({ bodyIds: [w.bodyId] })).toHaveLength(4);
    expect(await by({ dueFrom: '2099-01-01', dueTo: '2099-12-31' })).toEqual([ids.cctv, ids.cyber].sort());
    expect(await by({ adoptedFrom: '2025-05-01T00:00:00Z' })).toEqual([ids.fresh]);
  });

  it('text search works in Kazakh and Russian, whatever the case', async () => {
    const search = async (text: string) =>
      idsOf(await q('query($t: String) { recommendations(filter: { text: $t }) { edges { node { id } } } }', { t: text }));
    expect(await search('КРЕПОСТНАЯ')).toEqual([ids.late]);
    expect(await search('жасанды интеллект')).toEqual([ids.cyber]);
    expect(await search('beacons')).toEqual([ids.fresh]);
  });

  it('computes overdue and days overdue against the time of the query', async () => {
    const r = await q('query($id: ID!) { recommendation(id: $id) { overdue daysOverdue daysOpen dueDate } }', { id: ids.late });
    const expected = Math.floor((Date.now() - Date.parse('2025-05-02T00:00:00Z')) / 86_400_000) + 1;
    expect(r.data!.recommendation).toMatchObject({ overdue: true, daysOverdue: expected, dueDate: '2025-05-01' });
  });

  it('pages a Relay connection with a stable order and no duplicates', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const r = await q(
        'query($a: String) { recommendations(first: 1, after: $a, orderBy: DUE_DATE_ASC) { totalCount pageInfo { hasNextPage endCursor } edges { node { id dueDate } } } }',
        { a: after },
      );
      const page = r.data!.recommendations;
      expect(page.totalCount).toBe(4);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([ids.late, ids.cctv, ids.cyber, ids.fresh]);
    expect(codeOf(await q('{ recommendations(after: "garbage") { totalCount } }'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await q('{ meetings(after: "garbage") { nodes { id } } }'))).toBe('BAD_USER_INPUT');
  });

  it('caps page sizes', async () => {
    const r = await q('{ recommendations(first: 100000) { edges { node { id } } } }');
    expect(r.data!.recommendations.edges.length).toBeLessThanOrEqual(200);
    const refused = await q('query($f: Int) { recommendations(first: $f) { edges { node { id } } } }', { f: 'many' });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
  });

  it('groups stats by unit, status and month with implementation rate and median days to close', async () => {
    const byUnit = await q(
      '{ recommendationStats(groupBy: UNIT) { key total open overdue implemented implementationRate medianDaysToClose byStatus { status count } } }',
    );
    const a = byUnit.data!.recommendationStats.find((g: { key: string }) => g.key === w.unitA);
    expect(a).toMatchObject({ total: 2, open: 1, overdue: 1, implemented: 1, implementationRate: 1 });
    expect(a.medianDaysToClose).toBeGreaterThan(300);
    const byMonth = await q('{ recommendationStats(groupBy: MONTH) { key total } }');
    expect(byMonth.data!.recommendationStats).toEqual([
      { key: '2025-02', total: 3 },
      { key: '2025-06', total: 1 },
    ]);
    const all = await q('{ recommendationStats { total byStatus { status count } } }');
    expect(all.data!.recommendationStats[0].total).toBe(4);
  });

  it('computes overdue counts and medians asked for through fragments too', async () => {
    const plain = await q('{ recommendationStats(groupBy: UNIT) { key overdue medianDaysToClose } }');
    const viaFragments =
      await q(`{ recommendationStats(groupBy: UNIT) { key ...Late ... on RecommendationStatsGroup { medianDaysToClose } } }
      fragment Late on RecommendationStatsGroup { overdue }`);
    expect(viaFragments.data!.recommendationStats).toEqual(plain.data!.recommendationStats);
    expect(plain.data!.recommendationStats.find((g: { key: string }) => g.key === w.unitA)).toMatchObject({ overdue: 1 });
  });

  it('answers as things stood at an earlier moment (asOf)', async () => {
    const history = await q('query($s: String!) { history(streamId: $s) { type recordedAt } }', { s: `recommendation-${ids.cyber}` });
    const acceptedAt = history.data!.history.find((e: { type: string }) => e.type === 'RecommendationAccepted').recordedAt;
    const r = await q('query($id: ID!, $at: DateTime) { recommendation(id: $id, asOf: $at) { status } }', {
      id: ids.cyber,
      at: acceptedAt,
    });
    expect(r.data!.recommendation.status).toBe('ACCEPTED');
    const before = await q('query($at: DateTime) { recommendations(asOf: $at) { totalCount } }', { at: '2000-01-01T00:00:00Z' });
    expect(before.data!.recommendations.totalCount).toBe(0);
  });

  it('anonymous readers see published meetings and their recommendations only', async () => {
    const anon = (query: string, v: Record<string, unknown> = {}) => gql(app.url, query, v);
    const listed = await anon('{ recommendations { edges { node { id } } } }');
    expect(idsOf(listed)).toEqual([ids.late, ids.cctv, ids.cyber].sort());
    expect(codeOf(await anon('query($id: ID!) { recommendation(id: $id) { id } }', { id: ids.fresh }))).toBe('NOT_FOUND');
    expect(codeOf(await anon('query($id: ID!) { meeting(id: $id) { id } }', { id: m2.meetingId }))).toBe('NOT_FOUND');
    expect(
      (await anon('query($id: ID!) { meeting(id: $id) { number recommendations { id } } }', { id: m1.meetingId })).data!.meeting
        .recommendations,
    ).toHaveLength(3);
    // Statistics are public, counted over published recommendations only.
    expect((await anon('{ recommendationStats { total } }')).data!.recommendationStats).toEqual([{ total: 3 }]);
    expect((await q('{ recommendationStats { total } }')).data!.recommendationStats[0].total).toBeGreaterThan(3);
    expect((await anon('{ units { id } }')).errors).toBeUndefined();
    for (const query of ['{ changes { endCursor } }', `{ history(streamId: "recommendation-${ids.cctv}") { type } }`])
      expect(codeOf(await anon(query))).toBe('UNAUTHENTICATED');
  });

  it('the change feed is resumable from the last cursor a client saw', async () => {
    const first = await q('{ changes(first: 5) { endCursor hasMore events { position type } } }');
    expect(first.data!.changes.events).toHaveLength(5);
    const next = await q('query($a: String) { changes(after: $a, first: 1000) { endCursor hasMore events { position } } }', {
      a: first.data!.changes.endCursor,
    });
    const positions = [...first.data!.changes.events, ...next.data!.changes.events].map((e: { position: string }) => BigInt(e.position));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
    expect(next.data!.changes.hasMore).toBe(false);
  });

  it('resolves nested units and bodies in batches, and refuses queries that are too deep', async () => {
    const r = await q(
      '{ recommendations { edges { node { leadUnit { name { ru } parentUnit { name { ru } } } body { name { kk } members { fullName role } } meeting { number } } } } }',
    );
    expect(r.errors).toBeUndefined();
    expect(
      r.data!.recommendations.edges.find((e: { node: { leadUnit?: { parentUnit?: unknown } } }) => e.node.leadUnit?.parentUnit),
    ).toBeTruthy();
    const deep = await q(
      '{ recommendations { edges { node { body { hostUnit { parentUnit { parentUnit { parentUnit { parentUnit { parentUnit { parentUnit { id } } } } } } } } } } } }',
    );
    expect(codeOf(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors![0]!.message).toMatch(/depth limit of 10 exceeded, found 12/);
  });

  it('a query given minPosition reflects that write', async () => {
    const written = await mutate(app, 'addComment', { recommendationId: ids.cctv, text: 'проверка' }, w.secretary, 'position');
    const r = await q('query($p: String) { recommendation(id: "' + ids.cctv + '", minPosition: $p) { id } }', { p: written.position });
    expect(r.errors).toBeUndefined();
    const tooFar = await q('query($p: String) { recommendations(minPosition: $p) { totalCount } }', {
      p: String(BigInt(written.position) + 1000n),
    });
    expect(codeOf(tooFar)).toBe('TIMEOUT');
  });

  /**
   * Subscribes to recommendationChanged and returns once the server is listening: graphql-ws acknowledges
   * no subscription, so a write the filter matches (`probe`) is repeated until its change is pushed.
   */
  async function listening<T extends { id: string }>(
    bearer: string,
    fields: string,
    filter: Record<string, unknown>,
    probe: () => Promise<unknown>,
  ) {
    const client = createClient({
      url: app.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${bearer}` },
      retryAttempts: 0,
    });
    const received: T[] = [];
    let failure: unknown;
    client.subscribe<{ recommendationChanged: T }>(
      {
        query: `subscription($f: RecommendationFilterInput) { recommendationChanged(filter: $f) { ${fields} } }`,
        variables: { f: filter },
      },
      { next: (msg) => received.push(msg.data!.recommendationChanged), error: (e) => (failure = e), complete: () => undefined },
    );
    /** Waits (bounded) until `done` holds of what was pushed. */
    const until = (done: () => boolean, what: string, timeoutMs = 30_000) =>
      eventually(
        () => {
          if (failure) throw new Error(`the subscription failed: ${JSON.stringify(failure)}`);
          if (!done()) throw new Error(`${what}: not pushed; pushed: ${JSON.stringify(received)}`);
        },
        { timeoutMs, intervalMs: 20 },
      );
    await eventually(async () => {
      await probe();
      await until(() => received.length > 0, 'a probe write', 1000);
    });
    return { received, until, dispose: () => client.dispose() };
  }

  it('pushes recommendationChanged to a graphql-ws subscriber, filtered by unit', async () => {
    const sub = await listening<{ id: string; status: string }>(w.tokenB, 'id status', { unitId: w.unitB }, () =>
      mutate(app, 'addComment', { recommendationId: ids.cctv, text: 'проба' }, w.secretary, 'position'),
    );
    await mutate(app, 'addComment', { recommendationId: ids.late, text: 'не для B' }, w.secretary, 'position');
    await mutate(app, 'disputeRecommendation', { recommendationId: ids.cctv, justification: 'Не наша зона' }, w.tokenB, 'position');
    await sub.until(() => sub.received.some((r) => r.status === 'DISPUTED'), 'the dispute');
    await sub.dispose();
    // Pushes go out in log order: one for the comment on A's recommendation would have come before the dispute.
    expect(sub.received.filter((r) => r.id !== ids.cctv)).toEqual([]);
    expect(sub.received.at(-1)).toEqual({ id: ids.cctv, status: 'DISPUTED' });
  });

  it('pushes to a subscriber who asked for overdue recommendations only the overdue ones', async () => {
    const comment = (key: string, text: string) =>
      mutate(app, 'addComment', { recommendationId: ids[key], text }, w.secretary, 'revision') as Promise<{ revision: string }>;
    const sub = await listening<{ id: string; overdue: boolean; revision: string }>(
      w.oversight,
      'id overdue revision',
      { overdue: true },
      () => comment('late', 'проба'),
    );
    // Due in 2099 and long ago: only the second is overdue, so only its change reaches the subscriber.
    await comment('cctv', 'в срок');
    const { revision } = await comment('late', 'просрочено');
    await sub.until(() => sub.received.some((r) => r.id === ids.late && BigInt(r.revision) >= BigInt(revision)), 'the overdue one');
    await sub.dispose();
    expect(sub.received.filter((r) => r.id !== ids.late)).toEqual([]);
    expect(sub.received.every((r) => r.overdue)).toBe(true);
  });

  it('refuses a subscription with a bad token', async () => {
    const client = createClient({
      url: app.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer nonsense' },
      retryAttempts: 0,
    });
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: 'subscription { recommendationChanged { id } }' },
        { next: () => resolve('next'), error: () => resolve('error'), complete: () => resolve('complete') },
      );
    });
    await client.dispose();
    expect(outcome).toBe('error');
  });

  it('catches up on restart with events written while it was down, and after its read model is deleted', async () => {
    const before = await q('{ recommendations(first: 50) { totalCount edges { node { id status percent } } } }');
    await app.stop();
    const { rmSync } = await import('node:fs');
    rmSync(`${app.dataDir}/read-model.sqlite`);
    rmSync(`${app.dataDir}/read-model.sqlite-wal`, { force: true });
    rmSync(`${app.dataDir}/read-model.sqlite-shm`, { force: true });
    await app.restart();
    const after = await q('{ recommendations(first: 50) { totalCount edges { node { id status percent } } } }');
    expect(after.data).toEqual(before.data);
  });
});
