import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Metadata } from '@grpc/grpc-js';
import { Observable, from, switchMap } from 'rxjs';
import { EventStore, UnavailableError, parseBigInt } from '@gov/event-store';
import { EVENT_STORE } from '@gov/governance';
import { Projector } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { toPublicError } from '../public-error';

export const AFTER_POSITION = 'x-after-position';

type Headers = Record<string, string | string[] | undefined>;

/** A carried value as text; anything but a string or number becomes text the position check refuses. */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return asText(value[0]);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : 'not a position';
}

/** The position a request carries, from whichever transport brought it. */
function carried(context: ExecutionContext): string | undefined {
  return asText(raw(context));
}

function raw(context: ExecutionContext): unknown {
  const type = context.getType<string>();
  if (type === 'graphql') {
    const gql = GqlExecutionContext.create(context).getContext<{ http?: { req: { headers: Headers } }; afterPosition?: unknown }>();
    return gql.afterPosition ?? gql.http?.req.headers[AFTER_POSITION];
  }
  if (type === 'rpc') return context.switchToRpc().getContext<Metadata>().get(AFTER_POSITION)[0];
  return context.switchToHttp().getRequest<{ headers: Headers }>().headers[AFTER_POSITION];
}

const HTTP_STATUS: Record<string, number> = { BAD_USER_INPUT: 400, TIMEOUT: 503, UNAVAILABLE: 503 };

/**
 * `x-after-position: <position>` (HTTP header, gRPC metadata, graphql-ws connection parameter), the
 * transport form of `minPosition`: the request is answered only once this replica's read model has
 * passed the position (a write on another replica, then a read here), within
 * READ_YOUR_WRITES_TIMEOUT_MS, then TIMEOUT, or UNAVAILABLE when the log cannot be reached. A query's
 * own `minPosition` is waited for after it, so the larger of the two wins.
 */
@Injectable()
export class AfterPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const after = carried(context);
    if (after === undefined) return next.handle();
    return from(this.passed(after, context.getType<string>())).pipe(switchMap(() => next.handle()));
  }

  private async passed(raw: string, type: string): Promise<void> {
    try {
      const position = parseBigInt(AFTER_POSITION, raw);
      await this.projector.waitFor(position, this.config.readYourWritesTimeoutMs).catch(async (timeout: unknown) => {
        // Not there in time because the log is out of reach: say that, not TIMEOUT.
        await this.events.headPosition().catch((error: unknown) => {
          if (error instanceof UnavailableError) throw error;
        });
        throw timeout;
      });
    } catch (error) {
      // GraphQL and gRPC map errors themselves; a plain HTTP route answers the same code as JSON.
      if (type !== 'http') throw error;
      const { code, message } = toPublicError(error);
      throw new HttpException({ code, message }, HTTP_STATUS[code] ?? 500);
    }
  }
}
