import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage, getStorageToken } from '@nestjs/throttler';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, Actor } from '@gov/governance';
import { APP_CONFIG, AppConfig } from '../config';
import { Metrics } from '../observability/metrics';
import { clientAddress } from './client-address';
import { TokenVerifier } from './token-verifier';

export type Transport = 'graphql' | 'websocket' | 'grpc' | 'http';

/** Whose budget an operation spends: the verified subject, else the client's address. */
export function budgetKey(actor: Actor | undefined, address: string): string {
  return actor && actor.sub !== ANONYMOUS.sub ? `sub:${actor.sub}` : `ip:${address}`;
}

/** Who asks, as the budget sees it: the token's actor when it verifies (else why not), and whose budget it spends. */
export interface Caller {
  actor?: Actor;
  refused?: unknown;
  key: string;
}

/** The throttler name the HTTP guard counts under, so its hits land in the same windows. */
export const BUDGET_NAME = 'default';

/**
 * One rate-limit budget per identity across every operation and transport: each GraphQL operation
 * (HTTP or WebSocket), gRPC call and HTTP request counts once, refused ones included, before its
 * document is parsed; over RATE_LIMIT_PER_MINUTE in a sliding minute it is refused with RATE_LIMITED.
 */
@Injectable()
export class RateBudget {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    private readonly metrics: Metrics,
    private readonly verifier: TokenVerifier,
  ) {}

  /**
   * The caller of an HTTP request or gRPC call from its Authorization, its peer and X-Forwarded-For
   * (heeded from TRUST_PROXY's proxies only): a valid token spends its subject's budget wherever it
   * comes from; no token, or one that does not verify, spends the client address's.
   */
  async caller(authorization: unknown, peer: string | undefined, forwardedFor: string | string[] | undefined): Promise<Caller> {
    let refused: unknown;
    const actor = await this.verifier.actorFrom(typeof authorization === 'string' ? authorization : undefined).catch((error: unknown) => {
      refused = error;
      return undefined;
    });
    return { actor, refused, key: budgetKey(actor, clientAddress(this.config.trustProxy, peer, forwardedFor)) };
  }

  /** Counts one operation; false when it is over the budget (and counted as refused). */
  async take(key: string, transport: Transport): Promise<boolean> {
    const { isBlocked } = await this.storage.increment(key, 60_000, this.config.rateLimitPerMinute, 0, BUDGET_NAME);
    if (isBlocked) this.metrics.rateLimited.inc({ transport });
    return !isBlocked;
  }

  static refusal(): GraphQLError {
    return new GraphQLError('too many requests; slow down', { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
  }
}
