import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config';
import { isDirectLoopback } from '../auth/loopback';
import { Metrics } from './metrics';

interface Response {
  status(code: number): Response;
  set(name: string, value: string): Response;
  json(body: unknown): void;
  send(body: string): void;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Prometheus text format; with METRICS_TOKEN set it asks for that bearer token, without it direct loopback clients only. */
@Controller('metrics')
@SkipThrottle()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Req() req: IncomingMessage, @Res() res: Response): Promise<void> {
    const expected = this.config.metricsToken;
    if (expected) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      // Compared as digests: equal length, constant time.
      if (!timingSafeEqual(digest(given), digest(expected))) {
        res
          .status(401)
          .set('www-authenticate', 'Bearer')
          .json({ code: 'UNAUTHENTICATED', message: 'metrics need the METRICS_TOKEN bearer token' });
        return;
      }
    } else if (!isDirectLoopback(req)) {
      res
        .status(403)
        .json({ code: 'FORBIDDEN', message: 'metrics answer loopback clients only, not through a proxy, unless METRICS_TOKEN is set' });
      return;
    }
    res.set('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
