import fc from 'fast-check';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { RunningApp, codeOf, gql, listenOnLoopback, logPosition, startApp, token } from './support/app-process';
import { unitClient } from './support/grpc-client';
import { World, establishWorld, heldMeeting, mutate, scheduleMeeting, tryMutate } from './support/scenario';

type Role =
  'admin' | 'secretary' | 'otherSecretary' | 'unit' | 'otherUnit' | 'oversight' | 'anonymous' | 'expired' | 'tampered' | 'algNone';
const ROLES: Role[] = [
  'admin',
  'secretary',
  'otherSecretary',
  'unit',
  'otherUnit',
  'oversight',
  'anonymous',
  'expired',
  'tampered',
  'algNone',
];
const REFUSALS = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_RESPONSIBLE_UNIT'];

interface Fixture {
  bodyId: string;
  meetingId: string;
  heldMeetingId: string;
  itemId: string;
  recommendationId: string;
  unitId: string;
}

/** Every mutation, who may run it, and an input that is valid for it. */
const MATRIX: Array<{ name: string; allowed: Role[]; input: (f: Fixture, w: World) => Record<string, unknown> }> = [
  { name: 'registerUnit', allowed: ['admin'], input: () => ({ name: { ru: 'Отдел' }, kind: 'SERVICE' }) },
  { name: 'renameUnit', allowed: ['admin'], input: (f) => ({ unitId: f.unitId, name: { kk: 'Бөлім' } }) },
  { name: 'deactivateUnit', allowed: ['admin'], input: (f) => ({ unitId: f.unitId, reason: 'расформирован' }) },
  {
    name: 'establishBody',
    allowed: ['admin'],
    input: (_f, w) => ({ name: { ru: 'Общественный совет' }, kind: 'PUBLIC_COUNCIL', hostUnitId: w.regionUnit, region: 'Karaganda' }),
  },
  { name: 'appointMember', allowed: ['admin', 'secretary'], input: (f) => ({ bodyId: f.bodyId, fullName: 'Новый член', role: 'MEMBER' }) },
  {
    name: 'changeMemberRole',
    allowed: ['admin', 'secretary'],
    input: (_f, w) => ({ bodyId: w.bodyId, memberId: w.members[3], role: 'DEPUTY_CHAIR' }),
  },
  { name: 'removeMember', allowed: ['admin', 'secretary'], input: (_f, w) => ({ bodyId: w.bodyId, memberId: w.members[2] }) },
  { name: 'dissolveBody', allowed: ['admin'], input: (f) => ({ bodyId: f.bodyId, reason: 'реорганизация' }) },
  {
    name: 'scheduleMeeting',
    allowed: ['secretary'],
    input: (f) => ({
      bodyId: f.bodyId,
      number: '7/2026',
      kind: 'ROUND_TABLE',
      startsAt: '2026-12-01T10:00:00Z',
      place: 'Алматы',
      format: 'IN_PERSON',
    }),
  },
  { name: 'rescheduleMeeting', allowed: ['secretary'], input: (f) => ({ meetingId: f.meetingId, startsAt: '2026-12-02T10:00:00Z' }) },
  {
    name: 'changeMeetingTitle',
    allowed: ['secretary'],
    input: (f) => ({ meetingId: f.meetingId, title: { kk: 'Атауы', ru: 'Название' } }),
  },
  {
    name: 'attachAgendaItemPaper',
    allowed: ['secretary'],
    input: (f) => ({
      meetingId: f.meetingId,
      agendaItemId: f.itemId,
      file: { sha256: 'f'.repeat(64), name: 'x.pdf', uri: 'https://x.kz/x.pdf' },
    }),
  },
  { name: 'cancelMeeting', allowed: ['secretary'], input: (f) => ({ meetingId: f.meetingId, reason: 'карантин' }) },
  { name: 'addAgendaItem', allowed: ['secretary'], input: (f) => ({ meetingId: f.meetingId, title: { ru: 'Вопрос' } }) },
  { name: 'removeAgendaItem', allowed: ['secretary'], input: (f) => ({ meetingId: f.meetingId, itemId: f.itemId }) },
  { name: 'reorderAgenda', allowed: ['secretary'], input: (f) => ({ meetingId: f.meetingId, itemIds: [f.itemId] }) },
  {
    name: 'addReportBackItem',
    allowed: ['secretary'],
    input: (f) => ({ meetingId: f.meetingId, title: { ru: 'Отчёт' }, coversMeetingIds: [f.heldMeetingId] }),
  },
  {
    name: 'recordMeetingHeld',
    allowed: ['secretary'],
    input: (f) => ({ meetingId: f.meetingId, heldAt: '2026-12-01T10:00:00Z', membersPresent: [], guests: [] }),
  },
  {
    name: 'discussAgendaItem',
    allowed: ['secretary'],
    input: (f) => ({ meetingId: f.heldMeetingId, itemId: f.itemId, minutes: { ru: 'Обсудили' } }),
  },
  // The deprecated first name of discussAgendaItem, still served with the same authorization.
  {
    name: 'recordAgendaItemMinutes',
    allowed: ['secretary'],
    input: (f) => ({ meetingId: f.heldMeetingId, itemId: f.itemId, minutes: { ru: 'Обсудили по-старому' } }),
  },
  { name: 'approveMinutes', allowed: ['secretary'], input: (f) => ({ meetingId: f.heldMeetingId }) },
  { name: 'publishMeeting', allowed: ['secretary'], input: (f) => ({ meetingId: f.heldMeetingId }) },
  {
    name: 'adoptRecommendation',
    allowed: ['secretary'],
    input: (f) => ({ meetingId: f.heldMeetingId, agendaItemId: f.itemId, number: '5', text: { ru: 'Текст' } }),
  },
  {
    name: 'assignResponsibility',
    allowed: ['secretary'],
    input: (f, w) => ({ recommendationId: f.recommendationId, leadUnitId: w.unitA, dueDate: '2027-12-31' }),
  },
  { name: 'acceptRecommendation', allowed: ['unit'], input: (f) => ({ recommendationId: f.recommendationId }) },
  {
    name: 'disputeRecommendation',
    allowed: ['unit'],
    input: (f) => ({ recommendationId: f.recommendationId, justification: 'не наша компетенция' }),
  },
  { name: 'reportProgress', allowed: ['unit'], input: (f) => ({ recommendationId: f.recommendationId, percent: 10, note: 'начали' }) },
  {
    name: 'requestDeadlineExtension',
    allowed: ['unit'],
    input: (f) => ({ recommendationId: f.recommendationId, requestedDueDate: '2028-12-31', reason: 'бюджет' }),
  },
  {
    name: 'decideDeadlineExtension',
    allowed: ['secretary'],
    input: (f) => ({ recommendationId: f.recommendationId, approve: false, reason: 'нет' }),
  },
  { name: 'reportImplementation', allowed: ['unit'], input: (f) => ({ recommendationId: f.recommendationId, summary: 'сделано' }) },
  { name: 'verifyImplementation', allowed: ['secretary'], input: (f) => ({ recommendationId: f.recommendationId }) },
  { name: 'returnImplementation', allowed: ['secretary'], input: (f) => ({ recommendationId: f.recommendationId, reason: 'мало' }) },
  {
    name: 'closeRecommendationNotImplemented',
    allowed: ['secretary'],
    input: (f) => ({ recommendationId: f.recommendationId, reason: 'не выполнено' }),
  },
  {
    name: 'withdrawRecommendation',
    allowed: ['secretary'],
    input: (f) => ({ recommendationId: f.recommendationId, reason: 'неактуально' }),
  },
  { name: 'reopenRecommendation', allowed: ['secretary'], input: (f) => ({ recommendationId: f.recommendationId, reason: 'снова' }) },
  { name: 'addComment', allowed: ['secretary', 'unit'], input: (f) => ({ recommendationId: f.recommendationId, text: 'Комментарий' }) },
];

function algNone(payload: Record<string, unknown>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...payload, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
}

describe('security: who may do what', () => {
  let app: RunningApp;
  let w: World;
  let tokens: Record<Role, string | undefined>;
  let fixture: Fixture;

  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
    const held = await scheduleMeeting(app, w, '1/2026', '2026-02-01T10:00:00Z', [{ ru: 'Повестка' }]);
    await mutate(
      app,
      'recordMeetingHeld',
      { meetingId: held.meetingId, heldAt: '2026-02-01T10:00:00Z', membersPresent: w.members, guests: [] },
      w.secretary,
      'meeting { id }',
    );
    const meeting = await scheduleMeeting(app, w, '2/2026', '2026-12-01T10:00:00Z', [{ ru: 'Вопрос' }]);
    const rec = await mutate(
      app,
      'adoptRecommendation',
      {
        meetingId: held.meetingId,
        agendaItemId: held.itemIds[0],
        number: '1',
        text: { ru: 'Рекомендация' },
        occurredAt: '2026-02-01T12:00:00Z',
      },
      w.secretary,
      'recommendation { id }',
    );
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId: rec.recommendation.id, leadUnitId: w.unitA, dueDate: '2027-12-31' },
      w.secretary,
      'recommendation { id }',
    );
    const spareUnit = await mutate(app, 'registerUnit', { name: { ru: 'Запасной отдел' }, kind: 'SERVICE' }, w.admin, 'unit { id }');
    const spareBody = await mutate(
      app,
      'establishBody',
      { name: { ru: 'Запасной совет' }, kind: 'OTHER', hostUnitId: w.regionUnit, region: 'R' },
      w.admin,
      'body { id }',
    );
    fixture = {
      bodyId: spareBody.body.id,
      meetingId: meeting.meetingId,
      heldMeetingId: held.meetingId,
      itemId: held.itemIds[0]!,
      recommendationId: rec.recommendation.id,
      unitId: spareUnit.unit.id,
    };
    const secretaryOfBoth = await token([`secretary:${w.bodyId}`, `secretary:${fixture.bodyId}`], 'Секретарь', 'matrix-secretary');
    const tampered = w.tokenA.split('.');
    tampered[1] = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(tampered[1]!, 'base64url').toString()), roles: ['admin'] }),
    ).toString('base64url');
    tokens = {
      admin: w.admin,
      secretary: secretaryOfBoth,
      otherSecretary: await token([`secretary:${randomUUID()}`]),
      unit: w.tokenA,
      otherUnit: w.tokenB,
      oversight: w.oversight,
      anonymous: undefined,
      expired: await token(['admin'], 'Expired', 'expired', -60),
      tampered: tampered.join('.'),
      algNone: algNone({ sub: 'intruder', name: 'Intruder', roles: ['admin'] }),
    };
  }, 120_000);
  afterAll(() => app?.cleanup());

  it.each(MATRIX.map((m) => [m.name, m] as const))('%s: allowed only for its roles; a refusal writes nothing', async (_name, m) => {
    const refused = ROLES.filter((r) => !m.allowed.includes(r));
    for (const role of refused) {
      const before = await logPosition(app);
      const r = await tryMutate(app, m.name, m.input(fixture, w), tokens[role], 'position');
      expect({ role, code: codeOf(r) }).toEqual({ role, code: expect.stringMatching(new RegExp(`^(${REFUSALS.join('|')})$`)) });
      expect(JSON.stringify(r)).not.toContain(tokens[role] ?? '\u0000');
      expect(await logPosition(app)).toBe(before);
    }
    for (const role of m.allowed) {
      const r = await tryMutate(app, m.name, m.input(fixture, w), tokens[role], 'position');
      expect({ role, code: codeOf(r) }).toEqual({ role, code: expect.not.stringMatching(new RegExp(`^(${REFUSALS.join('|')})$`)) });
    }
  });

  describe('reads', () => {
    /** Two held meetings with a recommendation each (with a comment): one published, one not. */
    let open: { meetingId: string; recommendationId: string };
    let closed: { meetingId: string; recommendationId: string };
    const heldWithRecommendation = async (number: string) => {
      // Members who may have been removed by the mutations above are not asked to attend.
      const held = await heldMeeting(app, w, number, '2026-03-01T10:00:00Z', { ru: 'Вопрос' }, w.members.slice(0, 2));
      const rec = await mutate(
        app,
        'adoptRecommendation',
        { meetingId: held.meetingId, agendaItemId: held.itemId, number: '1', text: { ru: 'Рекомендация' } },
        w.secretary,
        'recommendation { id }',
      );
      await mutate(app, 'addComment', { recommendationId: rec.recommendation.id, text: 'Служебное' }, w.secretary, 'position');
      return { meetingId: held.meetingId, recommendationId: rec.recommendation.id as string };
    };
    beforeAll(async () => {
      open = await heldWithRecommendation('3/2026');
      await mutate(app, 'approveMinutes', { meetingId: open.meetingId }, w.secretary, 'meeting { id }');
      await mutate(app, 'publishMeeting', { meetingId: open.meetingId }, w.secretary, 'meeting { id }');
      closed = await heldWithRecommendation('4/2026');
    });

    const SIGNED_IN: Role[] = ['admin', 'secretary', 'otherSecretary', 'unit', 'otherUnit', 'oversight'];
    const PUBLIC: Role[] = [...SIGNED_IN, 'anonymous'];
    /** Every query and the new fields, who may read them, and the code the others get. */
    const READS: Array<{ name: string; allowed: Role[]; query: () => [string, Record<string, unknown>]; otherwise?: string }> = [
      { name: 'units', allowed: PUBLIC, query: () => ['{ units { id name { ru } parentUnit { id } } }', {}] },
      { name: 'bodies with members', allowed: PUBLIC, query: () => ['{ bodies { id status members { fullName role } } }', {}] },
      { name: 'body', allowed: PUBLIC, query: () => ['query($id: ID!) { body(id: $id) { id hostUnit { id } } }', { id: w.bodyId }] },
      { name: 'recommendationStats', allowed: PUBLIC, query: () => ['{ recommendationStats(groupBy: BODY) { key total } }', {}] },
      {
        name: 'meetings with attendance and totalCount',
        allowed: PUBLIC,
        query: () => [
          '{ meetings(filter: { published: true, text: "3/2026" }) { totalCount nodes { status attendance { quorum } } } }',
          {},
        ],
      },
      {
        name: 'published meeting: attendance and recommendation timelines',
        allowed: PUBLIC,
        query: () => [
          'query($id: ID!) { meeting(id: $id) { attendance { present { fullName role } absent { fullName } } recommendations { timeline { kind actor { name role unit { id } } } } } }',
          { id: open.meetingId },
        ],
      },
      {
        name: 'published recommendation timeline',
        allowed: PUBLIC,
        query: () => ['query($id: ID!) { recommendation(id: $id) { timeline { kind position at } } }', { id: open.recommendationId }],
      },
      {
        name: 'unpublished meeting attendance',
        allowed: SIGNED_IN,
        otherwise: 'NOT_FOUND',
        query: () => ['query($id: ID!) { meeting(id: $id) { attendance { quorum } } }', { id: closed.meetingId }],
      },
      {
        name: 'unpublished recommendation timeline',
        allowed: SIGNED_IN,
        otherwise: 'NOT_FOUND',
        query: () => ['query($id: ID!) { recommendation(id: $id) { timeline { kind } } }', { id: closed.recommendationId }],
      },
      {
        name: 'history',
        allowed: SIGNED_IN,
        query: () => ['query($s: String!) { history(streamId: $s) { type } }', { s: `recommendation-${open.recommendationId}` }],
      },
      {
        name: 'a published recommendation’s history (a field-level refusal keeps its code)',
        allowed: SIGNED_IN,
        query: () => ['query($id: ID!) { recommendation(id: $id) { history { type } } }', { id: open.recommendationId }],
      },
      { name: 'changes', allowed: SIGNED_IN, query: () => ['{ changes { endCursor } }', {}] },
    ];

    it.each(READS.map((r) => [r.name, r] as const))('%s: readable only by its roles', async (_name, read) => {
      for (const role of ROLES) {
        const [query, variables] = read.query();
        const r = await gql(app.url, query, variables, tokens[role]);
        const expected = read.allowed.includes(role)
          ? 'OK'
          : role === 'anonymous'
            ? (read.otherwise ?? 'UNAUTHENTICATED')
            : 'UNAUTHENTICATED';
        expect({ role, code: codeOf(r) }).toEqual({ role, code: expected });
      }
    });

    it('anonymous readers get members by name and role only, no actor subjects, no comments, and stats over published only', async () => {
      type Bodies = { bodies: Array<{ id: string; members: Array<{ fullName: string; role: string; affiliation: string | null }> }> };
      const membersSeenBy = async (bearer?: string) =>
        (await gql<Bodies>(app.url, '{ bodies { id members { fullName role affiliation } } }', {}, bearer)).data!.bodies.find(
          (b) => b.id === w.bodyId,
        )!.members;
      const seenSignedIn = await membersSeenBy(w.oversight);
      expect(seenSignedIn.length).toBeGreaterThan(0);
      expect(seenSignedIn.every((m) => m.affiliation === 'Общественность')).toBe(true);
      expect(await membersSeenBy()).toEqual(seenSignedIn.map((m) => ({ ...m, affiliation: null })));
      const appointed = await gql(app.url, '{ bodies { members { appointedAt } } }');
      expect(JSON.stringify(appointed.data)).not.toMatch(/"appointedAt":"/);

      const timeline = (bearer?: string) =>
        gql(
          app.url,
          'query($id: ID!) { recommendation(id: $id) { timeline { kind actor { sub name role } } } }',
          { id: open.recommendationId },
          bearer,
        );
      expect((await timeline(w.oversight)).data!.recommendation.timeline).toEqual([
        { kind: 'ADOPTED', actor: { sub: w.secretaryId, name: 'Марат Секретарев', role: `secretary:${w.bodyId}` } },
        { kind: 'COMMENT', actor: { sub: w.secretaryId, name: 'Марат Секретарев', role: `secretary:${w.bodyId}` } },
      ]);
      expect((await timeline()).data!.recommendation.timeline).toEqual([
        { kind: 'ADOPTED', actor: { sub: null, name: null, role: `secretary:${w.bodyId}` } },
      ]);

      // The public counts are those of the recommendations of published meetings, as a signed-in reader sees them.
      type Recommendations = { recommendations: { totalCount: number; edges: Array<{ node: { meeting: { published: boolean } } }> } };
      const all = (
        await gql<Recommendations>(
          app.url,
          '{ recommendations(first: 200) { totalCount edges { node { meeting { published } } } } }',
          {},
          w.oversight,
        )
      ).data!.recommendations;
      const published = all.edges.filter((e) => e.node.meeting.published).length;
      expect(published).toBeGreaterThan(0);
      expect(published).toBeLessThan(all.totalCount);
      const stats = (bearer?: string) => gql(app.url, '{ recommendationStats { total } }', {}, bearer);
      expect((await stats()).data!.recommendationStats).toEqual([{ total: published }]);
      expect((await stats(w.oversight)).data!.recommendationStats).toEqual([{ total: all.totalCount }]);
      type Meetings = { meetings: { totalCount: number; nodes: Array<{ id: string; published: boolean }> } };
      const meetings = (bearer?: string, filter: Record<string, unknown> = {}) =>
        gql<Meetings>(
          app.url,
          'query($f: MeetingFilterInput) { meetings(filter: $f) { totalCount nodes { id published } } }',
          { f: filter },
          bearer,
        );
      const publicMeetings = (await meetings()).data!.meetings;
      expect(publicMeetings.nodes.map((m) => m.id)).toContain(open.meetingId);
      expect(publicMeetings.nodes.every((m) => m.published)).toBe(true);
      expect(publicMeetings).toEqual((await meetings(w.oversight, { published: true })).data!.meetings);
      expect((await meetings(undefined, { published: false })).data!.meetings).toEqual({ totalCount: 0, nodes: [] });
      expect((await meetings(w.oversight, { published: false })).data!.meetings.nodes.map((m) => m.id)).toContain(closed.meetingId);
    });
  });

  it('gRPC: unit methods for the responsible unit only, reads for any signed-in role', async () => {
    const grpc = unitClient(app.grpcAddress);
    const rec = await mutate(
      app,
      'adoptRecommendation',
      {
        meetingId: fixture.heldMeetingId,
        agendaItemId: fixture.itemId,
        number: '9',
        text: { ru: 'gRPC' },
        occurredAt: '2026-02-01T12:00:00Z',
      },
      w.secretary,
      'recommendation { id }',
    );
    const id = rec.recommendation.id;
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId: id, leadUnitId: w.unitA, dueDate: '2027-12-31' },
      w.secretary,
      'recommendation { id }',
    );
    const calls: Array<[string, Record<string, unknown>]> = [
      ['AcceptRecommendation', { recommendationId: id }],
      ['DisputeRecommendation', { recommendationId: id, justification: 'x' }],
      ['ReportProgress', { recommendationId: id, percent: 5, note: 'x' }],
      ['RequestDeadlineExtension', { recommendationId: id, requestedDueDate: '2028-01-01', reason: 'x' }],
      ['ReportImplementation', { recommendationId: id, summary: 'x' }],
      ['GetRecommendation', { recommendationId: id }],
      ['ListAssignedRecommendations', { unitId: w.unitA }],
    ];
    const statusOf = (p: Promise<unknown>) =>
      p.then(
        () => 0,
        (e) => e.code as number,
      );
    for (const [method, request] of calls) {
      const reads = method.startsWith('Get') || method.startsWith('List');
      for (const role of ['anonymous', 'expired', 'tampered', 'algNone'] as Role[]) {
        const before = await logPosition(app);
        expect({ method, role, status: await statusOf(grpc.call(method, request, tokens[role])) }).toEqual({ method, role, status: 16 });
        expect(await logPosition(app)).toBe(before);
      }
      if (!reads) {
        for (const role of ['otherUnit', 'secretary', 'oversight', 'admin'] as Role[]) {
          expect({ method, role, status: await statusOf(grpc.call(method, request, tokens[role])) }).toEqual({ method, role, status: 7 });
        }
      } else {
        expect(await statusOf(grpc.call(method, request, tokens.oversight))).toBe(0);
      }
    }
    expect(await statusOf(grpc.call('AcceptRecommendation', { recommendationId: id }, tokens.unit))).toBe(0);
    grpc.close();
  });

  it('the server never logs or echoes a token', async () => {
    for (const t of Object.values(tokens)) if (t) expect(app.output()).not.toContain(t.split('.')[2] || t);
  });

  it('mutation inputs fuzzed with random strings, huge values, wrong types and control characters get a clean error and leave the log unchanged', async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.constant('\u0000\u0007\u001b[31m'),
      fc.constant('x'.repeat(100_000)),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    );
    const targets = MATRIX.filter((m) => m.allowed.includes('secretary') || m.allowed.includes('unit'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.string({ maxLength: 20 }), junk, async (m, field, value) => {
        const role = m.allowed.includes('unit') ? 'unit' : 'secretary';
        const input = { ...m.input(fixture, w) };
        const keys = Object.keys(input);
        const key = (field.length % 2 === 0 ? keys[field.length % keys.length] : undefined) ?? field;
        (input as Record<string, unknown>)[key] = value;
        const before = await logPosition(app);
        const r = await tryMutate(app, m.name, input, tokens[role], 'position');
        const code = codeOf(r);
        expect(code).not.toBe('INTERNAL_SERVER_ERROR');
        if (code !== 'OK') {
          expect(r.errors![0]!.message).toBeTruthy();
          expect(await logPosition(app)).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a request body over the limit is refused', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ units { id } } # ${'x'.repeat(2_000_000)}` }),
    });
    expect(res.status).toBe(413);
  });
});

describe('security: a real identity provider (JWKS)', () => {
  let app: RunningApp;
  let server: Server;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    const port = await listenOnLoopback(server);
    app = await startApp({
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      AUTH_ISSUER: 'https://idp.police.example',
      AUTH_AUDIENCE: 'governance',
    });
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
    server?.close();
  });

  const rs = (claims: { iss?: string; aud?: string }) =>
    new SignJWT({ name: 'IdP user', roles: ['oversight'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('idp-user')
      .setIssuer(claims.iss ?? 'https://idp.police.example')
      .setAudience(claims.aud ?? 'governance')
      .setExpirationTime('10m')
      .sign(privateKey);

  it('accepts the provider’s tokens with the right issuer and audience, and nothing else', async () => {
    expect(codeOf(await gql(app.url, '{ units { id } }', {}, await rs({})))).toBe('OK');
    expect(codeOf(await gql(app.url, '{ units { id } }', {}, await rs({ aud: 'other' })))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(app.url, '{ units { id } }', {}, await rs({ iss: 'https://evil.example' })))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(app.url, '{ units { id } }', {}, await token(['oversight'])))).toBe('UNAUTHENTICATED');
  });
});
