import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Metadata } from '@grpc/grpc-js';
import { GraphQLError } from 'graphql';
import { Actor } from '@gov/governance';
import { toPublicError } from '../public-error';
import { RateBudget } from './rate-budget';
import { TokenVerifier } from './token-verifier';

/** Who each request or call was authenticated as, by the guard, for @CurrentActor(). */
const authenticated = new WeakMap<object, Actor>();

/** What carries a call's credential and its actor: the HTTP request, or the gRPC call's metadata. */
function carrierOf(context: ExecutionContext): { carrier: object; credential: unknown } {
  if (context.getType() === 'rpc') {
    const metadata = context.switchToRpc().getContext<Metadata>();
    return { carrier: metadata, credential: metadata.get('authorization')[0] };
  }
  const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
  return { carrier: req, credential: req.headers.authorization };
}

/**
 * Authenticates HTTP endpoints and gRPC calls from their bearer token before the handler runs: no
 * token is the anonymous actor, a token that does not verify is UNAUTHENTICATED. GraphQL operations
 * are authenticated where they come in (the HTTP context, the WebSocket connection), because the
 * rate budget is spent per identity before the document is parsed.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() === 'graphql') return true;
    const { carrier, credential } = carrierOf(context);
    authenticated.set(carrier, await this.verifier.actorFrom(credential));
    return true;
  }
}

/** The actor the request was authenticated as: by AuthenticationGuard, or by the GraphQL context. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ actor: Actor }>().actor;
  const actor = authenticated.get(carrierOf(context).carrier);
  if (!actor) throw new Error('@CurrentActor() needs AuthenticationGuard on the handler');
  return actor;
});

type OperationRequest = { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } };

/**
 * A GraphQL operation over HTTP: it spends its identity's budget before its document is parsed,
 * refused or not (a token that does not verify spends its address's), then answers 401 if refused.
 */
export async function authenticateOperation(budget: RateBudget, req: OperationRequest | undefined) {
  const { actor, refused, key } = await budget.caller(
    req?.headers.authorization,
    req?.socket.remoteAddress,
    req?.headers['x-forwarded-for'],
  );
  if (!(await budget.take(key, 'graphql'))) throw RateBudget.refusal();
  if (!actor) {
    const { code, message } = toPublicError(refused);
    throw new GraphQLError(message, { extensions: { code, http: { status: 401 } } });
  }
  return actor;
}
