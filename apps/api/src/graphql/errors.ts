import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { RpcException } from '@nestjs/microservices';
import { GraphQLError } from 'graphql';
import { throwError } from 'rxjs';
import { toRpcException } from '../grpc/grpc-errors';
import { toPublicError } from '../public-error';

export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const { code, message, details } = toPublicError(error);
  return new GraphQLError(message, { extensions: { code, ...(details ? { details } : {}) } });
}

/** GraphQL errors get their stable codes; gRPC errors pass through as statuses; HTTP stays Nest's. */
@Catch()
export class AppExceptionFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    const type = host.getType<string>();
    if (type === 'graphql') return toGraphQLError(exception);
    if (type === 'rpc')
      return throwError(() => (exception instanceof RpcException ? exception.getError() : toRpcException(exception).getError()));
    return super.catch(exception, host);
  }
}
