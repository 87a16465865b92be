// A real OpenID provider (the oidc-provider package) for the sign-in test, run as its own process
// on loopback: `node oidc-provider.mjs <port> <audience>`. Any login and password signs in; the
// access token is a JWT for <audience> carrying the person's roles (here: oversight).
import Provider from 'oidc-provider';
import { generateKeyPairSync, randomUUID } from 'node:crypto';

const [port, audience] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'governance-web',
      application_type: 'native', // loopback redirect URIs may use any port (RFC 8252)
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/signin/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [{ ...key, kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
  pkce: { required: () => true },
  clientBasedCORS: (_ctx, origin) => /^http:\/\/127\.0\.0\.1:\d+$/.test(origin),
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: `Prosecutor ${sub}` }) }),
  extraTokenClaims: (_ctx, token) => ({ name: `Prosecutor ${token.accountId}`, roles: ['oversight'] }),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'openid profile', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  ttl: { AccessToken: 600 },
});

provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
