import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Metadata } from '@grpc/grpc-js';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import { Observable, tap } from 'rxjs';
import { CORRELATION_HEADER, CORRELATION_ID } from './logging';
import { CORRELATION_ATTRIBUTE, tracer, withSpan } from './tracing';

/**
 * gRPC calls: the caller's correlation id (or a new one) is put on the request metadata, where the
 * controller reads it, and sent back in the response metadata; each call is logged and traced.
 */
@Injectable()
export class RpcObservabilityInterceptor implements NestInterceptor {
  constructor(@InjectPinoLogger('gRPC') private readonly logger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const metadata = context.getArgByIndex<Metadata>(1);
    const call = context.getArgByIndex<{ sendMetadata?: (m: Metadata) => void } | undefined>(2);
    const given = metadata?.get(CORRELATION_HEADER)[0];
    const correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    metadata?.set(CORRELATION_HEADER, correlationId);
    const reply = new Metadata();
    reply.set(CORRELATION_HEADER, correlationId);
    call?.sendMetadata?.(reply);
    const method = `${context.getClass().name}.${context.getHandler().name}`;
    const started = Date.now();
    const span = tracer.startSpan(`grpc ${method}`, { attributes: { [CORRELATION_ATTRIBUTE]: correlationId } });
    const log = (outcome: string) => {
      this.logger.info({ grpcMethod: method, outcome, durationMs: Date.now() - started, correlationId }, 'gRPC call');
      if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end();
    };
    const handled = next.handle().pipe(
      tap({
        complete: () => log('ok'),
        error: (error: { error?: { code?: unknown } }) => {
          const code = error?.error?.code;
          log(typeof code === 'number' || typeof code === 'string' ? String(code) : 'error');
        },
      }),
    );
    // Subscribing inside the span's context is what makes the handler's async work inherit it.
    return new Observable((subscriber) => withSpan(span, () => handled.subscribe(subscriber)));
  }
}
