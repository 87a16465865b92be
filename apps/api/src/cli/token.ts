// npm run token -- --role secretary:<bodyId> [--role unit:<unitId>] --name "Айгуль Ш." [--sub id] [--ttl-hours 12]
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { ROLE, loadOrCreateDevSecret } from '../auth/token-verifier';
import { signToken } from '../auth/sign-token';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true, default: [] },
    name: { type: 'string', default: 'Development user' },
    sub: { type: 'string' },
    'ttl-hours': { type: 'string', default: '12' },
  },
});

const roles = values.role ?? [];
const bad = roles.filter((r) => !ROLE.test(r));
if (roles.length === 0 || bad.length) {
  console.error(
    `give at least one --role: admin, oversight, secretary:<bodyId> or unit:<unitId>${bad.length ? ` (not a role: ${bad.join(', ')})` : ''}`,
  );
  process.exit(2);
}
const config = loadConfig();
if (config.auth.jwksUrl) {
  console.error('AUTH_JWKS_URL is set: tokens come from your identity provider, not from this tool');
  process.exit(2);
}
const secret = config.auth.jwtSecret ?? loadOrCreateDevSecret(config.dataDir);
signToken(secret, { sub: values.sub, name: values.name, roles, ttlSeconds: Number(values['ttl-hours']) * 3600 }).then(
  (token) => console.log(token),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
