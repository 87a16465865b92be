import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';

export interface TokenClaims {
  sub?: string;
  name: string;
  roles: string[];
  /** Seconds until it expires. */
  ttlSeconds?: number;
}

/** HS256 tokens for the embedded default and for tests; production uses the identity provider's. */
export function signToken(secret: string, claims: TokenClaims): Promise<string> {
  return new SignJWT({ name: claims.name, roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub ?? randomUUID())
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.ttlSeconds ?? 12 * 3600))
    .sign(new TextEncoder().encode(secret));
}
