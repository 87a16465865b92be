import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG, AppConfig } from '../config';
import { devSignInAnswers } from './dev-sign-in.controller';

/** Tells the web app which sign-in this server offers. */
@Controller('auth')
export class AuthConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('config')
  get(@Req() req: IncomingMessage) {
    const { issuer, clientId, audience } = this.config.auth;
    return {
      // Offered only where it would answer, so a remote browser is not shown a sign-in that refuses it.
      devSignIn: devSignInAnswers(this.config, req),
      oidc: issuer && clientId ? { issuer, clientId, audience: audience ?? null, scope: 'openid profile' } : null,
    };
  }
}
