import { Attributes, Span, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { outcomeOf } from './metrics';

/** Spans go nowhere (no-op tracer) until startTracing registers the SDK. */
export const tracer = trace.getTracer('governance');
export const CORRELATION_ATTRIBUTE = 'governance.correlation_id';

let sdk: NodeSDK | undefined;

/** OpenTelemetry traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the SDK reads the OTEL_* variables). */
export function startTracing(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  // Loaded only when used: the SDK and its exporters cost start time otherwise.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || 'governance-api',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [],
  });
  sdk.start();
}

/** A correlation id as a span attribute: it is a string wherever it is set. */
export const correlationOf = (value: unknown) => (typeof value === 'string' ? value : '');

export const tracingEnabled = () => sdk !== undefined;

/** Sends the spans still buffered; called on shutdown. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
}

/** Runs `work` inside a new active span (so spans it starts are its children), ending it with the outcome. */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcomeOf(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Runs `work` with `span` as the active span. */
export const withSpan = <T>(span: Span, work: () => T): T => context.with(trace.setSpan(context.active(), span), work);
