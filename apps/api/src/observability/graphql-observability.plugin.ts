import { Plugin } from '@nestjs/apollo';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Span, SpanStatusCode } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { Metrics } from './metrics';
import { CORRELATION_ATTRIBUTE, correlationOf, tracer, withSpan } from './tracing';

/** Each operation's span, by its context value, for the resolvers to run under. */
const operationSpans = new WeakMap<object, Span>();

/** Operation names come from clients: past this many distinct ones, new names count as "other". */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_]\w{0,63}$/;

/** Counts GraphQL operations by name, type and outcome; a span per operation. */
@Plugin()
export class GraphqlObservabilityPlugin implements ApolloServerPlugin {
  private readonly names = new Set<string>();

  constructor(private readonly metrics: Metrics) {}

  private label(name: string | null | undefined): string {
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (this.names.has(name) || this.names.size < MAX_OPERATION_NAMES) {
      this.names.add(name);
      return name;
    }
    return 'other';
  }

  async requestDidStart({
    contextValue,
  }: {
    contextValue: Record<string, unknown>;
  }): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    let outcome = 'ok';
    const span = tracer.startSpan('graphql', { attributes: { [CORRELATION_ATTRIBUTE]: correlationOf(contextValue.correlationId) } });
    operationSpans.set(contextValue, span);
    return {
      didResolveOperation: async ({ operationName, operation }) => {
        span.updateName(`graphql ${operation?.operation ?? 'unknown'} ${this.label(operationName)}`);
      },
      didEncounterErrors: async ({ errors }) => {
        const code = errors[0]?.extensions?.code;
        outcome = typeof code === 'string' ? code : 'error';
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      },
      willSendResponse: async ({ operationName, operation }) => {
        this.metrics.graphqlOperations.inc({ operation: this.label(operationName), type: operation?.operation ?? 'unknown', outcome });
        span.end();
      },
    };
  }
}

/** Resolvers run under their operation's span, so command, append spans become its children. */
@Injectable()
export class GraphqlSpanInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const span = operationSpans.get(GqlExecutionContext.create(context).getContext<object>());
    if (!span) return next.handle();
    // Subscribing inside the span's context is what makes the handler's async work inherit it.
    return new Observable((subscriber) => withSpan(span, () => next.handle().subscribe(subscriber)));
  }
}
