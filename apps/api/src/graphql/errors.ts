import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { RpcException } from '@nestjs/microservices';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { throwError } from 'rxjs';
import { toRpcException } from '../grpc/grpc-errors';
import { toPublicError } from '../public-error';
import { withoutSuggestions } from './gate';

export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const { code, message, details } = toPublicError(error);
  return new GraphQLError(message, { extensions: { code, ...(details ? { details } : {}) } });
}

/** GraphQL errors get their stable codes; gRPC errors pass through as statuses; HTTP stays Nest's but for the rate limit's. */
@Catch()
export class AppExceptionFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    const type = host.getType<string>();
    if (type === 'graphql') return toGraphQLError(exception);
    if (type === 'rpc')
      return throwError(() => (exception instanceof RpcException ? exception.getError() : toRpcException(exception).getError()));
    if (exception instanceof ThrottlerException) {
      // The file and report endpoints answer their refusals as { code, message }: so does their budget.
      const { code, message } = toPublicError(exception);
      return void host.switchToHttp().getResponse<Response>().status(429).json({ code, message });
    }
    return super.catch(exception, host);
  }
}

/**
 * What a client sees of any error, over HTTP and WebSocket alike: an error thrown by a field's resolver
 * keeps its real code (UNAUTHENTICATED, not INTERNAL_SERVER_ERROR), no stack trace, and in production
 * no "Did you mean …?" suggestions that would map the schema for anyone.
 */
export function formatPublicError(formatted: GraphQLFormattedError, error: unknown, production: boolean): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  let extensions: Record<string, unknown> = { ...formatted.extensions };
  let message = formatted.message;
  if (original && !(original instanceof GraphQLError)) {
    const known = toPublicError(original);
    message = known.message;
    extensions = { code: known.code, ...(known.details ? { details: known.details } : {}) };
  }
  delete extensions.stacktrace;
  return { ...formatted, message: production ? withoutSuggestions(message) : message, extensions };
}
