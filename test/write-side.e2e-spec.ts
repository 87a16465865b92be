import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { RunningApp, codeOf, gql, logPosition, startApp } from './support/app-process';
import { World, establishWorld, heldMeeting, mutate, tryMutate } from './support/scenario';

describe('write side over HTTP: rejections, concurrency, retries and crashes', () => {
  let app: RunningApp;
  let w: World;
  let meetingId: string;
  let itemId: string;
  let recommendationId: string;

  const adopt = async (extra: Record<string, unknown> = {}) =>
    (
      await mutate(
        app,
        'adoptRecommendation',
        {
          meetingId,
          agendaItemId: itemId,
          number: String(Math.random()).slice(2, 6),
          text: { kk: 'Ұсыныс', ru: 'Рекомендация' },
          ...extra,
        },
        w.secretary,
        'recommendation { id revision }',
      )
    ).recommendation;

  /** Runs a mutation that must be refused with `code`, and checks the log did not move. */
  const refused = async (name: string, input: Record<string, unknown>, bearer: string | undefined, code: string) => {
    const before = await logPosition(app);
    const r = await tryMutate(app, name, input, bearer, 'position');
    expect({ name, code: codeOf(r) }).toEqual({ name, code });
    expect(r.errors![0].message.length).toBeGreaterThan(5);
    expect(await logPosition(app)).toBe(before);
    return r;
  };

  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
    ({ meetingId, itemId } = await heldMeeting(app, w, '3/2026', '2026-03-01T10:00:00Z', { ru: 'Разное' }));
    recommendationId = (await adopt()).id;
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId, leadUnitId: w.unitA, dueDate: '2027-12-31' },
      w.secretary,
      'recommendation { id }',
    );
  }, 120_000);
  afterAll(() => app?.cleanup());

  describe('every rejection is a clear error with a stable code, and writes nothing', () => {
    it('input that fails validation is BAD_USER_INPUT, naming the field', async () => {
      const r = await refused('reportProgress', { recommendationId, percent: 150, note: 'x' }, w.tokenA, 'BAD_USER_INPUT');
      expect(r.errors![0].message).toMatch(/percent/);
      await refused(
        'reportProgress',
        { recommendationId, percent: 10, note: 'x', evidence: [{ name: 'a.pdf', sha256: 'not-a-hash' }] },
        w.tokenA,
        'BAD_USER_INPUT',
      );
      await refused('registerUnit', { name: {}, kind: 'SERVICE' }, w.admin, 'BAD_USER_INPUT');
      await refused('registerUnit', { name: { ru: 'x'.repeat(20_000) }, kind: 'SERVICE' }, w.admin, 'BAD_USER_INPUT');
      await refused(
        'assignResponsibility',
        { recommendationId: 'not-a-uuid', leadUnitId: w.unitA, dueDate: '2027-01-01' },
        w.secretary,
        'BAD_USER_INPUT',
      );
      await refused(
        'scheduleMeeting',
        { bodyId: w.bodyId, number: 'first', kind: 'REGULAR', startsAt: '2026-04-01T10:00:00Z', place: 'x', format: 'ONLINE' },
        w.secretary,
        'BAD_USER_INPUT',
      );
    });

    it('domain rules answer with their own codes', async () => {
      await refused('acceptRecommendation', { recommendationId }, w.tokenB, 'NOT_RESPONSIBLE_UNIT');
      await refused('verifyImplementation', { recommendationId }, w.secretary, 'INVALID_TRANSITION');
      await refused('decideDeadlineExtension', { recommendationId, approve: true }, w.secretary, 'NO_PENDING_EXTENSION');
      await refused(
        'assignResponsibility',
        { recommendationId, leadUnitId: randomUUID(), dueDate: '2027-01-01' },
        w.secretary,
        'UNIT_NOT_FOUND',
      );
      await refused('acceptRecommendation', { recommendationId: randomUUID() }, w.tokenA, 'NOT_FOUND');
      await refused(
        'adoptRecommendation',
        { meetingId, agendaItemId: randomUUID(), number: '9', text: { ru: 'x' } },
        w.secretary,
        'AGENDA_ITEM_NOT_FOUND',
      );
      await refused('approveMinutes', { meetingId: randomUUID() }, w.secretary, 'FORBIDDEN');
      await refused('appointMember', { bodyId: w.bodyId, fullName: 'Второй председатель', role: 'CHAIR' }, w.admin, 'ROLE_TAKEN');
    });

    it('a unit cannot verify its own implementation, even holding the secretary role too', async () => {
      const both = await (
        await import('./support/app-process')
      ).token([`secretary:${w.bodyId}`, `unit:${w.unitA}`], 'Двойная роль', 'dual');
      const id = (await adopt()).id;
      await mutate(
        app,
        'assignResponsibility',
        { recommendationId: id, leadUnitId: w.unitA, dueDate: '2027-12-31' },
        w.secretary,
        'recommendation { id }',
      );
      await mutate(app, 'acceptRecommendation', { recommendationId: id, actingUnitId: w.unitA }, both, 'recommendation { id }');
      await mutate(
        app,
        'reportImplementation',
        { recommendationId: id, actingUnitId: w.unitA, summary: 'done' },
        both,
        'recommendation { id }',
      );
      await refused('verifyImplementation', { recommendationId: id }, both, 'SELF_VERIFICATION');
      const ok = await mutate(app, 'verifyImplementation', { recommendationId: id }, w.secretary, 'recommendation { status }');
      expect(ok.recommendation.status).toBe('CLOSED_IMPLEMENTED');
    });

    it('no token, or a secretary of another body, is refused', async () => {
      await refused('acceptRecommendation', { recommendationId }, undefined, 'UNAUTHENTICATED');
      const other = await (await import('./support/app-process')).token([`secretary:${randomUUID()}`]);
      await refused('withdrawRecommendation', { recommendationId, reason: 'x' }, other, 'FORBIDDEN');
      await refused('registerUnit', { name: { ru: 'x' }, kind: 'SERVICE' }, w.secretary, 'FORBIDDEN');
    });
  });

  describe('concurrent writers', () => {
    it('many clients commenting at once all land, in one gap-free stream', async () => {
      const id = (await adopt()).id;
      await mutate(
        app,
        'assignResponsibility',
        { recommendationId: id, leadUnitId: w.unitA, coExecutorUnitIds: [w.unitB], dueDate: '2027-12-31' },
        w.secretary,
        'recommendation { id }',
      );
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          tryMutate(
            app,
            'addComment',
            { recommendationId: id, text: `Комментарий ${i}` },
            i % 2 ? w.tokenA : w.tokenB,
            'recommendation { id }',
          ),
        ),
      );
      expect(results.map(codeOf)).toEqual(Array(20).fill('OK'));
      const history = await gql(
        app.url,
        `query($s: String!) { history(streamId: $s) { type revision } }`,
        { s: `recommendation-${id}` },
        w.oversight,
      );
      expect(history.data!.history.filter((e: any) => e.type === 'CommentAdded')).toHaveLength(20);
      expect(history.data!.history.map((e: any) => Number(e.revision))).toEqual(Array.from({ length: 22 }, (_, i) => i));
    });

    it('two units racing to accept: exactly one wins', async () => {
      const id = (await adopt()).id;
      await mutate(
        app,
        'assignResponsibility',
        { recommendationId: id, leadUnitId: w.unitA, coExecutorUnitIds: [w.unitB], dueDate: '2027-12-31' },
        w.secretary,
        'recommendation { id }',
      );
      const results = await Promise.all(
        [w.tokenA, w.tokenB].map((t) => tryMutate(app, 'acceptRecommendation', { recommendationId: id }, t, 'recommendation { status }')),
      );
      expect(results.map(codeOf).sort()).toEqual(['INVALID_TRANSITION', 'OK']);
    });

    it('a client that pins a stale expectedRevision gets CONFLICT with the actual revision', async () => {
      const created = await adopt();
      await mutate(app, 'addComment', { recommendationId: created.id, text: 'первый' }, w.secretary, 'recommendation { id }');
      const r = await refused(
        'addComment',
        { recommendationId: created.id, text: 'второй', expectedRevision: created.revision },
        w.secretary,
        'CONFLICT',
      );
      expect(r.errors![0].extensions!.details).toMatchObject({ expectedRevision: '0', actualRevision: '1' });
      const ok = await tryMutate(
        app,
        'addComment',
        { recommendationId: created.id, text: 'второй', expectedRevision: '1' },
        w.secretary,
        'revision',
      );
      expect(ok.data!.addComment.revision).toBe('2');
    });
  });

  describe('retried commands', () => {
    it('the same commandId twice returns the first result and writes once', async () => {
      const commandId = randomUUID();
      const input = { name: { ru: 'Линейный отдел полиции' }, kind: 'SERVICE', commandId };
      const first = await mutate(app, 'registerUnit', input, w.admin, 'unit { id }');
      const again = await mutate(app, 'registerUnit', input, w.admin, 'unit { id }');
      expect(again).toEqual({ ...first, replayed: true });
      expect(first.replayed).toBe(false);
      const units = await gql(app.url, '{ units { id } }', {}, w.oversight);
      expect(units.data!.units.filter((u: any) => u.id === first.unit.id)).toHaveLength(1);
    });

    it('a retried unit command after the state moved on still returns the first result', async () => {
      const id = (await adopt()).id;
      await mutate(
        app,
        'assignResponsibility',
        { recommendationId: id, leadUnitId: w.unitA, dueDate: '2027-12-31' },
        w.secretary,
        'recommendation { id }',
      );
      const commandId = randomUUID();
      const first = await mutate(app, 'acceptRecommendation', { recommendationId: id, commandId }, w.tokenA, 'recommendation { status }');
      const again = await mutate(app, 'acceptRecommendation', { recommendationId: id, commandId }, w.tokenA, 'recommendation { status }');
      expect(again).toMatchObject({ position: first.position, revision: first.revision, replayed: true });
    });

    it('reusing a commandId for a different command is a CONFLICT', async () => {
      const commandId = randomUUID();
      await mutate(app, 'addComment', { recommendationId, text: 'a', commandId }, w.secretary, 'position');
      await refused('withdrawRecommendation', { recommendationId, reason: 'x', commandId }, w.secretary, 'CONFLICT');
    });
  });

  it('a crash (SIGKILL) in the middle of writing loses no acknowledged write, and the hash chains verify', async () => {
    const acknowledged: string[] = [];
    let killed: Promise<void> | null = null;
    const writer = async (n: number) => {
      for (let i = 0; i < 40 && !killed; i++) {
        const r = await tryMutate(app, 'addComment', { recommendationId, text: `до сбоя ${n}.${i}` }, w.secretary, 'position').catch(
          () => null,
        );
        if (r && !r.errors) acknowledged.push(r.data!.addComment.position);
        if (acknowledged.length >= 25 && !killed) killed = app.kill();
      }
    };
    await Promise.all([writer(1), writer(2), writer(3)]);
    await killed;
    await app.restart();
    const history = await gql(
      app.url,
      `query($s: String!) { history(streamId: $s) { position type } }`,
      { s: `recommendation-${recommendationId}` },
      w.oversight,
    );
    const positions = new Set(history.data!.history.map((e: any) => e.position));
    expect(acknowledged.length).toBeGreaterThanOrEqual(25);
    for (const p of acknowledged) expect(positions.has(p)).toBe(true);
    const verify = spawnSync(process.execPath, ['scripts/run-ts.js', 'apps/api/src/cli/verify.ts'], {
      env: { ...process.env, GOVERNANCE_DATA_DIR: app.dataDir },
      encoding: 'utf8',
    });
    expect(verify.stdout).toMatch(/^ok: \d+ events/m);
    expect(verify.status).toBe(0);
  });
});
