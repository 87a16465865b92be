import fc from 'fast-check';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { RunningApp, codeOf, freePort, gql, logPosition, startApp, token } from './support/app-process';
import { unitClient } from './support/grpc-client';
import { World, establishWorld, mutate, scheduleMeeting, tryMutate } from './support/scenario';

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
    name: 'recordAgendaItemMinutes',
    allowed: ['secretary'],
    input: (f) => ({ meetingId: f.heldMeetingId, itemId: f.itemId, minutes: { ru: 'Обсудили' } }),
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
    app = await startApp({ RATE_LIMIT_PER_MINUTE: '100000' });
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
    const port = await freePort();
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
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
