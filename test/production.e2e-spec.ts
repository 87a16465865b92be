import { RunningApp, codeOf, gql, startApp, token } from './support/app-process';

describe('production mode hardening', () => {
  let app: RunningApp;
  let oversight: string;

  beforeAll(async () => {
    app = await startApp({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '40' });
    oversight = await token(['oversight'], 'Prosecutor', 'prosecutor');
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('turns introspection and the sandbox off', async () => {
    const r = await gql(app.url, '{ __schema { types { name } } }', {}, oversight);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/sandbox|embeddable/i);
  });

  it('sends helmet security headers', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses a query that would cost too much, naming the limit', async () => {
    // Costed with its variables: 200 items of about a hundred fields each.
    const R =
      'fragment R on Recommendation { adoptedAt agendaItemId bodyId closedAt coExecutorUnitIds daysOpen daysOverdue dueDate extensions id leadUnitId meetingId number origin originalDueDate overdue percent priority revision status updatedAt text { kk ru en } }';
    const query = `query($n: Int) { recommendations(first: $n) { edges { node { ...R meeting { recommendations { ...R } } body { members { fullName role } name { kk ru } } timeline { kind at recordedAt position actor { name role sub } } evidence { name sha256 uri } leadUnit { id parentUnit { id } } } } } } ${R}`;
    const r = await gql(app.url, query, { n: 200 }, oversight);
    expect(codeOf(r)).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors![0]!.message).toMatch(/limit is 30000/);
    // A list within itself is refused whatever the page: its size grows as a power of the data's.
    const within = `{ recommendations(first: 1) { edges { node { meeting { recommendations { meeting { recommendations { id } } } } } } } }`;
    const cycle = await gql(app.url, within, {}, oversight);
    expect(codeOf(cycle)).toBe('QUERY_TOO_COMPLEX');
    expect(cycle.errors![0]!.message).toMatch(/^Meeting.recommendations is asked for within itself/);
    expect(codeOf(await gql(app.url, '{ recommendations(first: 50) { edges { node { id status text { ru } } } } }', {}, oversight))).toBe(
      'OK',
    );
  });

  it('rate-limits per identity, and not the other identities', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 45; i++) codes.push(codeOf(await gql(app.url, '{ units { id } }', {}, oversight)));
    expect(codes).toContain('RATE_LIMITED');
    const other = await token(['oversight'], 'Ministry', 'ministry');
    expect(codeOf(await gql(app.url, '{ units { id } }', {}, other))).toBe('OK');
  });
});
