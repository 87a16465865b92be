import { RunningApp, codeOf, gql, startApp } from './support/app-process';
import { grpcStatusAt, machineAddress, tcpConnect } from './support/network';

const UNAVAILABLE = 14;
const UNAUTHENTICATED = 16;
/** The embedded default with no AUTH_* (startApp sets a test secret otherwise); Jest runs with NODE_ENV=test. */
const EMBEDDED = { AUTH_JWT_SECRET: '' };

const base = (app: RunningApp, host = '127.0.0.1') => app.url.replace('/graphql', '').replace('127.0.0.1', host);
const ports = (app: RunningApp) => ({ http: Number(new URL(app.url).port), grpc: Number(app.grpcAddress.split(':')[1]) });

function signIn(app: RunningApp, headers: Record<string, string> = {}, host?: string) {
  return fetch(`${base(app, host)}/auth/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ role: 'admin' }),
  });
}

async function offered(app: RunningApp, headers: Record<string, string> = {}, host?: string): Promise<boolean> {
  return ((await (await fetch(`${base(app, host)}/auth/config`, { headers })).json()) as { devSignIn: boolean }).devSignIn;
}

const PROXIED: Array<[string, Record<string, string>]> = [
  ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
  ['Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
];

/** This machine's own non-loopback address; a machine without one cannot show the bind from outside loopback. */
const address = machineAddress();
if (!address) {
  console.warn('this machine has no non-loopback network interface: the binds are checked from the log line only');
}

describe('the development sign-in on the embedded default in development', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(EMBEDDED);
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('gives a client on this machine a token, and is offered to it', async () => {
    const res = await signIn(app);
    expect(res.status).toBe(201);
    expect(typeof ((await res.json()) as { token: string }).token).toBe('string');
    expect(await offered(app)).toBe(true);
  });

  it.each(PROXIED)('refuses a request that came through a proxy (%s), and does not offer it there', async (_, headers) => {
    const res = await signIn(app, headers);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/this machine only/) });
    const choices = await fetch(`${base(app)}/auth/dev/choices`, { headers });
    expect(choices.status).toBe(403);
    expect(await offered(app, headers)).toBe(false);
  });

  it.each(PROXIED)('refuses /metrics to a request that came through a proxy (%s), though it arrives on loopback', async (_, headers) => {
    expect((await fetch(`${base(app)}/metrics`)).status).toBe(200);
    const res = await fetch(`${base(app)}/metrics`, { headers });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('listens on loopback only, HTTP and gRPC alike', async () => {
    const { http, grpc } = ports(app);
    await app.waitForOutput(/listening on 127\.0\.0\.1\)/);
    expect(await tcpConnect('127.0.0.1', http)).toBe('connected');
    expect(await grpcStatusAt(`127.0.0.1:${grpc}`)).toBe(UNAUTHENTICATED);
    if (!address) return;
    expect(await tcpConnect(address, http)).toBe('ECONNREFUSED');
    expect(await tcpConnect(address, grpc)).toBe('ECONNREFUSED');
    expect(await grpcStatusAt(`${address}:${grpc}`)).toBe(UNAVAILABLE);
  });
});

describe('HOST set beside the development sign-in', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ...EMBEDDED, HOST: '0.0.0.0' });
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('binds HTTP and gRPC on every interface, yet the sign-in still answers this machine only', async () => {
    await app.waitForOutput(/listening on 0\.0\.0\.0\)/);
    if (!address) return;
    const { http, grpc } = ports(app);
    expect(await grpcStatusAt(`${address}:${grpc}`)).toBe(UNAUTHENTICATED);
    // Reached through this machine's own network address, the client is not loopback.
    expect((await fetch(`${base(app, address)}/health`)).status).toBe(200);
    expect(await tcpConnect(address, http)).toBe('connected');
    const res = await signIn(app, {}, address);
    expect(res.status).toBe(403);
    expect(await offered(app, {}, address)).toBe(false);
    expect((await signIn(app)).status).toBe(201);
  });
});

describe('DEV_SIGN_IN=true', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ...EMBEDDED, DEV_SIGN_IN: 'true', HOST: '0.0.0.0' });
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('answers any client, proxied or from another address, and says so in the log', async () => {
    await app.waitForOutput(/DEV_SIGN_IN=true: the development sign-in gives any client that reaches this port an admin token/);
    const line = app
      .output()
      .split('\n')
      .find((l) => l.includes('DEV_SIGN_IN=true'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', context: 'DevSignIn' });
    for (const [, headers] of PROXIED) {
      expect((await signIn(app, headers)).status).toBe(201);
      expect(await offered(app, headers)).toBe(true);
    }
    if (address) expect((await signIn(app, {}, address)).status).toBe(201);
  });
});

describe.each(['Production', 'prod'])('NODE_ENV=%s counts as production', (nodeEnv) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ...EMBEDDED, NODE_ENV: nodeEnv });
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('has no development sign-in, and no introspection either', async () => {
    expect((await signIn(app)).status).toBe(404);
    expect((await fetch(`${base(app)}/auth/dev/choices`)).status).toBe(404);
    expect(await offered(app)).toBe(false);
    expect(codeOf(await gql(app.url, '{ __schema { types { name } } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
