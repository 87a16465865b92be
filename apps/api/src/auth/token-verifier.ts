import { createRemoteJWKSet, jwtVerify, JWTPayload, JWTVerifyGetKey } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Actor, ANONYMOUS, GovernanceError } from '@gov/governance';
import { AppConfig } from '../config';

/** The roles (docs/architecture.md, "The job"); anything else in a token is ignored. */
export const ROLE = /^(admin|oversight|secretary:[0-9a-f-]{36}|unit:[0-9a-f-]{36})$/i;

/** The development secret that the embedded default creates on first start, so nobody is stuck. */
export function devSecretFile(dataDir: string): string {
  return join(dataDir, 'dev-jwt-secret');
}

export function loadOrCreateDevSecret(dataDir: string): string {
  const file = devSecretFile(dataDir);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Verifies bearer tokens with jose: HS256 with a shared secret, or a provider's JWKS. */
export class TokenVerifier {
  private readonly verify: (token: string) => Promise<{ payload: JWTPayload }>;

  constructor(config: AppConfig) {
    const options = { issuer: config.auth.issuer, audience: config.auth.audience, requiredClaims: ['exp'] };
    if (config.auth.jwksUrl) {
      const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.auth.jwksUrl));
      const algorithms = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'EdDSA'];
      this.verify = (token) => jwtVerify(token, jwks, { ...options, algorithms });
    } else {
      // Pinning the algorithm is what refuses alg:none and key-confusion tokens.
      const secret = new TextEncoder().encode(config.auth.jwtSecret ?? loadOrCreateDevSecret(config.dataDir));
      this.verify = (token) => jwtVerify(token, secret, { ...options, algorithms: ['HS256'] });
    }
  }

  /**
   * No credential: anonymous. One that does not verify: UNAUTHENTICATED, never silently anonymous.
   * The credential as it arrives (a header, gRPC metadata, a connection parameter): anything but text is refused.
   */
  async actorFrom(authorization: unknown): Promise<Actor> {
    return (await this.identify(authorization)).actor;
  }

  /** The actor and when its token stops being valid (ms since the epoch; none for anonymous). */
  async identify(authorization: unknown): Promise<{ actor: Actor; expiresAt?: number }> {
    if (authorization === undefined || authorization === null || authorization === '') return { actor: ANONYMOUS };
    // Something given that is not text (an object, a list in connection_init's parameters) is refused, never taken as no token.
    if (typeof authorization !== 'string')
      throw new GovernanceError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
    // The scheme's case does not matter (RFC 7235).
    const match = /^Bearer ([A-Za-z0-9_\-.]{1,8192})$/i.exec(authorization.trim());
    if (!match) throw new GovernanceError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verify(match[1]!));
    } catch (error) {
      throw new GovernanceError('UNAUTHENTICATED', `the token was refused (${(error as { code?: string }).code ?? 'invalid'})`);
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string' && ROLE.test(r)) : [];
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub === ANONYMOUS.sub) {
      throw new GovernanceError('UNAUTHENTICATED', 'the token has no subject');
    }
    return {
      actor: {
        sub: payload.sub,
        name: typeof payload.name === 'string' ? payload.name.slice(0, 300) : payload.sub,
        roles: roles.map((r) => r.toLowerCase()),
      },
      expiresAt: payload.exp! * 1000,
    };
  }
}
