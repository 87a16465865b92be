import { Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ANONYMOUS } from '@gov/governance';
import { FollowService } from '@gov/followers';
import { toPublicError } from '../public-error';

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs to the List-Unsubscribe address, no sign-in,
 * no page. (A GET of the same address is the web app's page, with a button that does the same.)
 */
@Controller('follow')
export class UnsubscribeController {
  constructor(private readonly follows: FollowService) {}

  @Post('unsubscribe')
  @HttpCode(200)
  async unsubscribe(@Query('f') followerId: unknown, @Query('t') token: unknown, @Res() res: ServerResponse): Promise<void> {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    try {
      await this.follows.unsubscribe(typeof followerId === 'string' ? followerId : '', typeof token === 'string' ? token : '', {
        actor: ANONYMOUS,
        correlationId: randomUUID(),
        occurredAt: new Date().toISOString(),
      });
      res.end('unsubscribed\n');
    } catch (error) {
      const { code, message } = toPublicError(error);
      res.statusCode = code === 'NOT_FOUND' ? 404 : code === 'VALIDATION_FAILED' ? 400 : 500;
      res.end(`${code}: ${message}\n`);
    }
  }
}
