import { Metadata, ServerInterceptingCall, ServerInterceptor, ServerListenerBuilder, ResponderBuilder } from '@grpc/grpc-js';
import { ThrottlerException } from '@nestjs/throttler';
import { grpcPeerAddress } from '../auth/client-address';
import { RateBudget } from '../auth/rate-budget';
import { toRpcException } from './grpc-errors';

/** An error as the status our handlers answer it with (`[CODE] message`, `error-code` metadata). */
function statusOf(error: unknown) {
  const { code, message, metadata } = toRpcException(error).getError() as { code: number; message: string; metadata: Metadata };
  return { code, details: message, metadata };
}

/**
 * Every gRPC call, to our services and to the operator ones (health, reflection) alike, spends its
 * caller's rate-limit budget before its handler sees it: the token's subject when the token verifies
 * (the handler still refuses a bad one), else the client's address, from `x-forwarded-for` metadata
 * only when the peer is one of TRUST_PROXY's proxies. Over the budget: RESOURCE_EXHAUSTED.
 */
export function budgetInterceptor(budget: RateBudget): ServerInterceptor {
  return (_method, call) => {
    const listener = new ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        budget
          .caller(metadata.get('authorization')[0], grpcPeerAddress(call.getPeer()), metadata.get('x-forwarded-for').map(String))
          .then(({ key }) => budget.take(key, 'grpc'))
          .then(
            (allowed) => (allowed ? next(metadata) : call.sendStatus(statusOf(new ThrottlerException()))),
            (error: unknown) => call.sendStatus(statusOf(error)),
          );
      })
      .build();
    return new ServerInterceptingCall(call, new ResponderBuilder().withStart((next) => next(listener)).build());
  };
}
