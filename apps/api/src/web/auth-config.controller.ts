import { Controller, Get, Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';

/** Tells the web app which sign-in this server offers. */
@Controller('auth')
export class AuthConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('config')
  get() {
    const { issuer, clientId, audience } = this.config.auth;
    return {
      devSignIn: this.config.devSignIn,
      oidc: issuer && clientId ? { issuer, clientId, audience: audience ?? null, scope: 'openid profile' } : null,
    };
  }
}
