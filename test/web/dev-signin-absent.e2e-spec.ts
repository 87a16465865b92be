import { RunningApp, startApp } from '../support/app-process';

/** DESIGN section 7: the development sign-in exists on the embedded default only. */
describe('the development sign-in', () => {
  const apps: RunningApp[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.cleanup())));

  it.each([
    ['in production mode', { NODE_ENV: 'production', AUTH_JWT_SECRET: '' }],
    ['when AUTH_JWT_SECRET is set', {}],
    ['when only AUTH_AUDIENCE is set', { AUTH_JWT_SECRET: '', AUTH_AUDIENCE: 'governance' }],
  ])(
    'does not exist %s',
    async (_, env: Record<string, string>) => {
      const app = await startApp(env, 'npm start');
      apps.push(app);
      const base = app.url.replace('/graphql', '');
      const config = (await (await fetch(`${base}/auth/config`)).json()) as { devSignIn: boolean };
      expect(config.devSignIn).toBe(false);
      expect((await fetch(`${base}/auth/dev/choices`)).status).toBe(404);
      const res = await fetch(`${base}/auth/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'admin' }),
      });
      expect(res.status).toBe(404);
    },
    120_000,
  );

  it('exists on the embedded default, and refuses a role that is not one of section 4', async () => {
    const app = await startApp({ AUTH_JWT_SECRET: '' }, 'npm start');
    apps.push(app);
    const base = app.url.replace('/graphql', '');
    expect(((await (await fetch(`${base}/auth/config`)).json()) as { devSignIn: boolean }).devSignIn).toBe(true);
    const post = (role: string) =>
      fetch(`${base}/auth/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role }) });
    const bad = await post('root');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
    const { token } = (await (await post('oversight')).json()) as { token: string };
    const r = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ units { id } }' }),
    });
    expect(await r.json()).toEqual({ data: { units: [] } });
  }, 120_000);
});
