import { BadRequestException, Body, Controller, ForbiddenException, Get, Inject, Logger, OnModuleInit, Post, Req } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { OrganisationQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { ROLE, loadOrCreateDevSecret } from '../auth/token-verifier';
import { signToken } from '../auth/sign-token';
import { isDirectLoopback } from '../auth/loopback';

/** How long a development sign-in lasts. */
const DEV_TOKEN_SECONDS = 8 * 3600;

/** Whether the development sign-in answers this request: loopback and not proxied, unless DEV_SIGN_IN=true. */
export function devSignInAnswers(config: AppConfig, req: IncomingMessage): boolean {
  return config.devSignIn && (config.devSignInAnyClient || isDirectLoopback(req));
}

/**
 * The development sign-in of DESIGN section 15: only registered on the embedded default in development
 * (elsewhere it is a 404), and it gives an admin token to whoever asks, so it answers this machine only.
 */
@Controller('auth/dev')
export class DevSignInController implements OnModuleInit {
  constructor(
    private readonly organisation: OrganisationQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.devSignInAnyClient) {
      new Logger('DevSignIn').warn('DEV_SIGN_IN=true: the development sign-in gives any client that reaches this port an admin token');
    }
  }

  /** The roles one may pick: every body (for its secretary) and every unit, from the read model. */
  @Get('choices')
  choices(@Req() req: IncomingMessage) {
    this.onlyWhereItAnswers(req);
    return {
      bodies: this.organisation.bodies().map((b) => ({ id: b.id, name: b.name })),
      units: this.organisation.units().map((u) => ({ id: u.id, name: u.name })),
    };
  }

  @Post('token')
  async token(@Req() req: IncomingMessage, @Body() body: unknown) {
    this.onlyWhereItAnswers(req);
    const { role, name } = (body ?? {}) as { role?: unknown; name?: unknown };
    if (typeof role !== 'string' || !ROLE.test(role)) {
      throw new BadRequestException({
        code: 'BAD_USER_INPUT',
        message: 'role must be admin, oversight, secretary:<bodyId> or unit:<unitId>',
      });
    }
    const displayName = typeof name === 'string' && name.trim() ? name.trim().slice(0, 120) : role;
    const secret = loadOrCreateDevSecret(this.config.dataDir);
    return { token: await signToken(secret, { roles: [role.toLowerCase()], name: displayName, ttlSeconds: DEV_TOKEN_SECONDS }) };
  }

  private onlyWhereItAnswers(req: IncomingMessage): void {
    if (!devSignInAnswers(this.config, req)) {
      throw new ForbiddenException({
        code: 'FORBIDDEN',
        message: 'the development sign-in answers clients on this machine only, not through a proxy (DEV_SIGN_IN=true opens it)',
      });
    }
  }
}
