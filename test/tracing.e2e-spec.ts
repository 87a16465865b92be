import { Metadata } from '@grpc/grpc-js';
import { Server, createServer } from 'node:http';
import { unitServiceClient } from './support/grpc-client';
import { RunningApp, listenOnLoopback, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';

interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, string>;
}

interface OtlpJson {
  resourceSpans?: Array<{
    scopeSpans?: Array<{
      spans?: Array<{
        name: string;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        attributes?: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
      }>;
    }>;
  }>;
}

/** A local OTLP/HTTP receiver: what a collector would get from the service. */
function otlpReceiver(spans: ReceivedSpan[]): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const message = JSON.parse(body) as OtlpJson;
        for (const rs of message.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                name: s.name,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, String(a.value.stringValue ?? a.value.intValue)])),
              });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
}

describe('OpenTelemetry traces', () => {
  const spans: ReceivedSpan[] = [];
  let receiver: Server;
  let app: RunningApp;

  beforeAll(async () => {
    receiver = otlpReceiver(spans);
    const port = await listenOnLoopback(receiver);
    app = await startApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '100' });
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
    receiver?.close();
  });

  /** The spans of one correlation id, once every one of `names` is among them. */
  const spansOf = (correlationId: string, names: RegExp[]) =>
    eventually(() => {
      const found = spans.filter((s) => s.attributes['governance.correlation_id'] === correlationId);
      expect(names.filter((n) => !found.some((s) => n.test(s.name)))).toEqual([]);
      return found;
    });

  it('sends the spans of one mutation: the GraphQL operation, its command and append in one trace, and the projection, linked by correlation id', async () => {
    const admin = await token(['admin'], 'Администратор');
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-correlation-id': 'trace-me-1' },
      body: JSON.stringify({
        query: 'mutation RegisterForTrace($input: RegisterUnitInput!) { registerUnit(input: $input) { position } }',
        variables: { input: { name: { ru: 'Отдел' }, kind: 'SERVICE' } },
      }),
    });
    expect(res.status).toBe(200);
    const found = await spansOf('trace-me-1', [
      /^graphql mutation RegisterForTrace$/,
      /^command .*RegisterUnit/,
      /^eventstore\.append$/,
      /^projection$/,
    ]);
    const operation = found.find((s) => s.name.startsWith('graphql'))!;
    const command = found.find((s) => s.name.startsWith('command'))!;
    const append = found.find((s) => s.name === 'eventstore.append')!;
    expect(command.traceId).toBe(operation.traceId);
    expect(command.parentSpanId).toBe(operation.spanId);
    expect(append.traceId).toBe(operation.traceId);
    expect(append.parentSpanId).toBe(command.spanId);
    expect(append.attributes['governance.stream_id']).toMatch(/^unit-/);
    const projection = found.find((s) => s.name === 'projection')!;
    expect(projection.attributes['governance.position']).toBe(append.attributes['governance.position']);
  });

  it('sends a span per gRPC call with the caller’s correlation id', async () => {
    const client = unitServiceClient(app.grpcAddress) as unknown as {
      GetRecommendation(request: object, metadata: Metadata, callback: (error: Error | null) => void): void;
      close(): void;
    };
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${await token(['oversight'])}`);
    metadata.set('x-correlation-id', 'grpc-trace-2');
    await new Promise<void>((resolve) =>
      client.GetRecommendation({ id: '22222222-2222-4222-8222-222222222222' }, metadata, () => resolve()),
    );
    client.close();
    const found = await spansOf('grpc-trace-2', [/^grpc /]);
    expect(found.find((s) => s.name.startsWith('grpc'))!.name).toMatch(/GetRecommendation|get/i);
  });
});
