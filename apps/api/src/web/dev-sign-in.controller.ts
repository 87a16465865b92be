import { BadRequestException, Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { OrganisationQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { ROLE, loadOrCreateDevSecret } from '../auth/token-verifier';
import { signToken } from '../auth/sign-token';

/** How long a development sign-in lasts. */
const DEV_TOKEN_SECONDS = 8 * 3600;

/**
 * The development sign-in of DESIGN section 7: only registered when the app runs on the embedded
 * default with its generated secret (not in production, no AUTH_* set), so elsewhere it is a 404.
 */
@Controller('auth/dev')
export class DevSignInController {
  constructor(
    private readonly organisation: OrganisationQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The roles one may pick: every body (for its secretary) and every unit, from the read model. */
  @Get('choices')
  choices() {
    return {
      bodies: this.organisation.bodies().map((b) => ({ id: b.id, name: b.name })),
      units: this.organisation.units().map((u) => ({ id: u.id, name: u.name })),
    };
  }

  @Post('token')
  async token(@Body() body: unknown) {
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
}
