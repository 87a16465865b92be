import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config';
import { AuthConfigController } from './auth-config.controller';
import { DevSignInController } from './dev-sign-in.controller';

/** What the people's screens need from the server besides GraphQL: which sign-in, and the development one. */
@Module({})
export class WebModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WebModule, controllers: [AuthConfigController, ...(config.devSignIn ? [DevSignInController] : [])] };
  }
}
