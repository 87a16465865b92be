import { Metadata } from '@grpc/grpc-js';
import { unitServiceClient } from './support/grpc-client';
import { uploadEvidence } from './support/files';
import { RunningApp, startApp, token } from './support/app-process';
import { machineAddress } from './support/network';

const REGISTER = 'mutation RegisterDistrict($input: RegisterUnitInput!) { registerUnit(input: $input) { position unit { id } } }';

async function post(
  app: RunningApp,
  query: string,
  variables: Record<string, unknown>,
  bearer?: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { headers: res.headers, body: (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } };
}

interface LogLine {
  [field: string]: unknown;
  req?: { id?: string };
  res?: { statusCode?: number };
}

/** The JSON log lines the app has written so far: whole lines only, the last may be still arriving. */
const logLines = (app: RunningApp) =>
  app
    .output()
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

async function scrape(url: string, bearer?: string) {
  const res = await fetch(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: res.status, text: await res.text() };
}

/** Sum of the samples of a metric whose labels match every given pattern. */
function sample(text: string, name: string, labels: Record<string, string | RegExp> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => (typeof v === 'string' ? have[k] === v : v.test(have[k] ?? '')))) total += Number(m[3]);
  }
  return total;
}

describe('logs and metrics of a running service', () => {
  let app: RunningApp;
  let metricsUrl: string;
  let admin: string;
  let evidenceBytes = 0;

  beforeAll(async () => {
    app = await startApp({ LOG_LEVEL: 'info' });
    metricsUrl = app.url.replace('/graphql', '/metrics');
    admin = await token(['admin'], 'Администратор', 'admin-sub-1');
    const evidence = await uploadEvidence(
      app,
      await token(['unit:11111111-1111-4111-8111-111111111111'], 'Отдел'),
      'акт.txt',
      'акт проверки',
    );
    evidenceBytes = evidence.size;
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('logs each command as JSON with level, time, request and correlation ids, actor, type, outcome and duration, and never the token', async () => {
    const sent = await post(app, REGISTER, { input: { name: { ru: 'Отдел' }, kind: 'SERVICE' } }, admin, {
      'x-correlation-id': 'drill-42',
    });
    expect(sent.body.errors).toBeUndefined();
    expect(sent.headers.get('x-correlation-id')).toBe('drill-42');
    const requestId = sent.headers.get('x-request-id');

    const fresh = await post(app, REGISTER, { input: { name: { kk: 'Бөлім' }, kind: 'SERVICE' } }, admin);
    const generated = fresh.headers.get('x-correlation-id');
    expect(generated).toMatch(/^[\w-]{8,}$/);

    const forbidden = await post(
      app,
      REGISTER,
      { input: { name: { ru: 'Нет' }, kind: 'SERVICE' } },
      await token(['oversight'], 'Надзор', 'overseer'),
    );
    expect(forbidden.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The log reaches the pipe after the answer: wait for the last request's line.
    await app.waitForOutput(/"outcome":"FORBIDDEN"/);
    const lines = logLines(app);
    const command = lines.find((l) => l.commandType && l.correlationId === 'drill-42');
    expect(command).toMatchObject({ level: 'info', outcome: 'ok', actor: 'admin-sub-1', reqId: requestId });
    expect(command!.commandType).toMatch(/RegisterUnit/);
    expect(typeof command!.durationMs).toBe('number');
    expect(Date.parse(String(command!.time))).not.toBeNaN();
    expect(lines.find((l) => l.commandType && l.correlationId === generated)).toMatchObject({ outcome: 'ok' });
    expect(lines.find((l) => l.commandType && l.actor === 'overseer')).toMatchObject({ outcome: 'FORBIDDEN' });
    const request = lines.find((l) => l.req?.id === requestId && l.res);
    expect(request).toMatchObject({ correlationId: 'drill-42', actor: 'admin-sub-1', res: { statusCode: 200 } });
    expect(typeof request!.responseTime).toBe('number');
    expect(app.output()).not.toContain(admin);
  });

  it('gives gRPC callers the correlation id they sent, or a new one, in the response metadata', async () => {
    const client = unitServiceClient(app.grpcAddress) as unknown as {
      GetRecommendation(
        request: object,
        metadata: Metadata,
        callback: () => void,
      ): { on(event: string, listener: (m: Metadata) => void): void };
      close(): void;
    };
    const unit = await token(['unit:11111111-1111-4111-8111-111111111111'], 'Отдел');
    const correlationOf = (sent?: string) =>
      new Promise<string>((resolve, reject) => {
        const metadata = new Metadata();
        metadata.set('authorization', `Bearer ${unit}`);
        if (sent) metadata.set('x-correlation-id', sent);
        const call = client.GetRecommendation({ id: '22222222-2222-4222-8222-222222222222' }, metadata, () => undefined);
        call.on('metadata', (m: Metadata) => resolve(String(m.get('x-correlation-id')[0])));
        call.on('status', () => setTimeout(() => reject(new Error('no response metadata')), 100));
      });
    try {
      expect(await correlationOf('unit-system-7')).toBe('unit-system-7');
      expect(await correlationOf()).toMatch(/^[0-9a-f-]{36}$/);
      expect(await correlationOf('bad id with spaces')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      client.close();
    }
  });

  it('serves Prometheus metrics to loopback clients, and the figures move with the work', async () => {
    const before = await scrape(metricsUrl);
    expect(before.status).toBe(200);
    const type = /RegisterUnit/;
    for (let i = 0; i < 3; i++) await post(app, REGISTER, { input: { name: { en: `Unit ${i}` }, kind: 'SERVICE' } }, admin);
    await post(app, REGISTER, { input: { name: { en: 'No' }, kind: 'SERVICE' } }, await token(['oversight']));
    const after = await scrape(metricsUrl);
    const delta = (name: string, labels: Record<string, string | RegExp> = {}) =>
      sample(after.text, name, labels) - sample(before.text, name, labels);

    expect(delta('governance_commands_total', { type, outcome: 'ok' })).toBe(3);
    expect(delta('governance_commands_total', { type, outcome: 'FORBIDDEN' })).toBe(1);
    expect(delta('governance_command_duration_seconds_count', { type, outcome: 'ok' })).toBe(3);
    expect(delta('governance_events_appended_total')).toBe(3);
    expect(delta('governance_read_your_writes_waits_total', { outcome: 'ok' })).toBe(3);
    expect(delta('governance_graphql_operations_total', { operation: 'RegisterDistrict', type: 'mutation', outcome: 'ok' })).toBe(3);
    expect(delta('governance_graphql_operations_total', { operation: 'RegisterDistrict', outcome: 'FORBIDDEN' })).toBe(1);
    const head = sample(after.text, 'governance_log_head_position');
    expect(head).toBeGreaterThanOrEqual(5);
    expect(sample(after.text, 'governance_projector_position')).toBe(head);
    expect(sample(after.text, 'governance_projector_lag_events')).toBe(0);
    expect(sample(after.text, 'governance_evidence_bytes_stored')).toBe(evidenceBytes);
    expect(evidenceBytes).toBe(Buffer.byteLength('акт проверки'));
    expect(sample(after.text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(after.text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('refuses metrics to a client that is not on loopback when no METRICS_TOKEN is set', async () => {
    const address = machineAddress();
    expect(address).toBeDefined();
    const r = await scrape(metricsUrl.replace('127.0.0.1', address!));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('metrics behind METRICS_TOKEN, and rate-limited requests', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ METRICS_TOKEN: 'scrape-secret-1', RATE_LIMIT_PER_MINUTE: '3' });
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('asks for the bearer token, even on loopback, and counts the requests the rate limiter refused', async () => {
    const url = app.url.replace('/graphql', '/metrics');
    expect((await scrape(url)).status).toBe(401);
    expect((await scrape(url, 'wrong')).status).toBe(401);
    const oversight = await token(['oversight'], 'Надзор', 'busy-reader');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post(app, '{ units { id } }', {}, oversight)).body.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    const ok = await scrape(url, 'scrape-secret-1');
    expect(ok.status).toBe(200);
    expect(sample(ok.text, 'governance_rate_limited_requests_total', { transport: 'graphql' })).toBe(2);
  });
});
