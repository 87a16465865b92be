import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard } from '@nestjs/throttler';
import { GqlContext } from '../graphql/context';

/**
 * Rate limits per identity: the verified subject when there is one, the client address otherwise.
 * GraphQL over HTTP is limited per operation; subscriptions and gRPC pass through.
 */
@Injectable()
export class IdentityThrottlerGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() === 'rpc') return true;
    if (context.getType<string>() === 'graphql' && !GqlExecutionContext.create(context).getContext<GqlContext>().http) return true;
    return super.canActivate(context);
  }

  protected override getRequestResponse(context: ExecutionContext) {
    if (context.getType<string>() !== 'graphql') return super.getRequestResponse(context);
    const { http } = GqlExecutionContext.create(context).getContext<GqlContext>();
    return { req: http!.req as Record<string, unknown>, res: http!.res as Record<string, unknown> };
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const sub = req.actorSub;
    return typeof sub === 'string' && sub !== 'anonymous' ? `sub:${sub}` : `ip:${String(req.ip)}`;
  }
}
