import { ArgumentsHost, Catch, Inject } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { RpcException } from '@nestjs/microservices';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ThrottlerException } from '@nestjs/throttler';
import { throwError } from 'rxjs';
import { GovernanceError } from '@gov/governance';
import { APP_CONFIG, AppConfig } from './config';
import { toGraphQLError } from './graphql/errors';
import { toRpcException } from './grpc/grpc-errors';
import { sendRefusal } from './public-error';

/** Room for the multipart framing around a file when judging an upload's size. */
export const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * The unread rest of a refused request is read and dropped, so the client gets the answer rather
 * than a broken pipe; a client that sends more than twice what an upload may hold is cut off.
 */
export function discardUnread(req: IncomingMessage, maxUploadBytes: number): void {
  if (req.complete) return;
  let discarded = 0;
  req.unpipe();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 2 * (maxUploadBytes + MULTIPART_OVERHEAD)) req.socket.destroy();
  });
  req.resume();
}

/**
 * GraphQL errors get their stable codes; gRPC errors pass through as statuses; over HTTP a refusal
 * before the handler ran is JSON with its code, anything else stays Nest's.
 */
@Catch()
export class AppExceptionFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  @Inject(APP_CONFIG) private readonly config: AppConfig;

  override catch(exception: unknown, host: ArgumentsHost) {
    const type = host.getType<string>();
    if (type === 'graphql') return toGraphQLError(exception);
    if (type === 'rpc')
      return throwError(() => (exception instanceof RpcException ? exception.getError() : toRpcException(exception).getError()));
    // A refusal before the handler ran (authentication, the rate budget) is JSON with its code, as the handlers' are.
    if (exception instanceof GovernanceError || exception instanceof ThrottlerException) {
      const http = host.switchToHttp();
      discardUnread(http.getRequest<IncomingMessage>(), this.config.evidenceMaxBytes);
      return sendRefusal(http.getResponse<ServerResponse>(), exception);
    }
    return super.catch(exception, host);
  }
}
