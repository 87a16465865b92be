import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerStorage,
  getOptionsToken,
  getStorageToken,
} from '@nestjs/throttler';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { toRpcException } from '../grpc/grpc-errors';
import { APP_CONFIG, AppConfig } from '../config';
import { clientAddress } from './client-address';
import { RateBudget, budgetKey } from './rate-budget';
import { TokenVerifier } from './token-verifier';

/** "ipv4:10.0.0.7:51234" or "ipv6:[::1]:51234", as gRPC names a call's peer. */
function grpcPeerAddress(peer: string): string {
  const match = /^ipv[46]:\[?([^\]]+?)\]?:\d+$/.exec(peer);
  return match ? match[1]! : peer;
}

/**
 * The rate-limit budget at the doors Nest guards: HTTP endpoints (files, reports) and gRPC calls.
 * GraphQL operations are counted where they come in (the HTTP context, the WebSocket gate), once per
 * operation rather than once per resolver; all of them spend the same budget per identity.
 */
@Injectable()
export class IdentityThrottlerGuard extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly budget: RateBudget,
    private readonly verifier: TokenVerifier,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type === 'graphql') return true;
    if (type === 'rpc') return this.spendRpc(context);
    return super.canActivate(context);
  }

  private async spendRpc(context: ExecutionContext): Promise<boolean> {
    const metadata = context.switchToRpc().getContext<Metadata>();
    const call = context.getArgByIndex<ServerUnaryCall<unknown, unknown> | undefined>(2);
    const header = metadata?.get?.('authorization')[0];
    // A token that does not verify spends its caller's address's budget; the handler then refuses it.
    const actor = await this.verifier.actorFrom(typeof header === 'string' ? header : undefined).catch(() => undefined);
    const address = call?.getPeer ? grpcPeerAddress(call.getPeer()) : 'unknown';
    if (await this.budget.take(budgetKey(actor, address), 'grpc')) return true;
    throw toRpcException(new ThrottlerException());
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    // One budget per identity, not one per handler (what the default key, hashed with the handler's name, gives).
    return tracker;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const socket = req.socket as { remoteAddress?: string } | undefined;
    const headers = req.headers as Record<string, string | string[] | undefined>;
    return budgetKey(undefined, clientAddress(this.config.trustProxy, socket?.remoteAddress, headers['x-forwarded-for']));
  }
}
