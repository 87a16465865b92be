import { SignJWT } from 'jose';
import { AppConfig } from '../config';
import { TokenVerifier } from './token-verifier';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';
const verifier = new TokenVerifier({ auth: { jwtSecret: SECRET }, dataDir: '/nonexistent' } as unknown as AppConfig);
const token = () =>
  new SignJWT({ roles: ['oversight'], name: 'Reader' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('reader-1')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
const refusal = (authorization: unknown) =>
  verifier.actorFrom(authorization).then(
    () => null,
    (error: { code?: string }) => error.code,
  );

describe('who a credential names', () => {
  it('takes no credential as anonymous', async () => {
    for (const none of [undefined, null, '']) await expect(verifier.actorFrom(none)).resolves.toMatchObject({ sub: 'anonymous' });
  });

  it('refuses a credential that is not text (an object or a list of a connection’s parameters), never taking it as none', async () => {
    const bearer = `Bearer ${await token()}`;
    expect(await refusal({ authorization: bearer })).toBe('UNAUTHENTICATED');
    expect(await refusal([bearer])).toBe('UNAUTHENTICATED');
    expect(await refusal(42)).toBe('UNAUTHENTICATED');
  });

  it('reads the scheme in any case, as HTTP does', async () => {
    const t = await token();
    for (const scheme of ['Bearer', 'bearer', 'BEARER'])
      await expect(verifier.actorFrom(`${scheme} ${t}`)).resolves.toMatchObject({ sub: 'reader-1' });
  });
});
