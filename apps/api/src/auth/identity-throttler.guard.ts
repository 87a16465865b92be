import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage, getOptionsToken, getStorageToken } from '@nestjs/throttler';
import { RateBudget } from './rate-budget';

/**
 * The rate-limit budget at the HTTP endpoints Nest guards (files, reports). GraphQL operations are
 * counted where they come in (the HTTP body and context, the WebSocket gate), once per operation
 * rather than once per resolver, and gRPC calls by an interceptor in front of every service; all of
 * them spend the same budget per identity.
 */
@Injectable()
export class IdentityThrottlerGuard extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly budget: RateBudget,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    // GraphQL operations and gRPC calls spend the budget where they come in, once each.
    if (type === 'graphql' || type === 'rpc') return true;
    return super.canActivate(context);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    // One budget per identity, not one per handler (what the default key, hashed with the handler's name, gives).
    return tracker;
  }

  /** A file or report request with a valid token spends its subject's budget, as its GraphQL operations do. */
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const socket = req.socket as { remoteAddress?: string } | undefined;
    const headers = req.headers as Record<string, string | string[] | undefined>;
    return (await this.budget.caller(headers.authorization, socket?.remoteAddress, headers['x-forwarded-for'])).key;
  }
}
