import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { RunningApp, freePort, startApp } from '../support/app-process';
import { eventually, launchBrowser, newPage, problemsOf, seriousA11yViolations } from './browser';
import { stopRig } from './work';

const AUDIENCE = 'urn:governance';

/** Starts oidc-provider as its own process on loopback and waits for its discovery document. */
async function startProvider(): Promise<{ issuer: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs'), String(port), AUDIENCE], { stdio: 'ignore' });
  const issuer = `http://127.0.0.1:${port}`;
  await eventually(async () => expect((await fetch(`${issuer}/.well-known/openid-configuration`)).ok).toBe(true), {
    timeoutMs: 20_000,
  }).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  return { issuer, process: child };
}

/** With AUTH_ISSUER set, people sign in at the OpenID provider (authorization code + PKCE). */
describe('sign-in with OpenID Connect', () => {
  let provider: { issuer: string; process: ChildProcess };
  let app: RunningApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    [provider, browser] = await Promise.all([startProvider(), launchBrowser()]);
    app = await startApp(
      {
        AUTH_JWT_SECRET: '',
        AUTH_ISSUER: provider.issuer,
        AUTH_JWKS_URL: `${provider.issuer}/jwks`,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_CLIENT_ID: 'governance-web',
      },
      'npm start',
    );
    base = app.url.replace('/graphql', '');
  }, 180_000);
  afterAll(async () => {
    await stopRig(browser, app);
    provider?.process.kill();
  });

  it("signs in at the provider and lands on the person's home with the provider's access token", async () => {
    const { context, page } = await newPage(browser, base, 'en');
    await page.goto('/signin');
    expect(await page.getByRole('heading', { name: 'Development sign-in' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').fill('ivanov');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
    await page.waitForURL(`${base}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Oversight dashboard' }).waitFor();
    await page.getByText('Prosecutor ivanov').waitFor();
    // The token the browser holds is the provider's, and the API accepts it for oversight reads.
    const stored = await page.evaluate(() => sessionStorage.getItem('gov.session'));
    const claims = JSON.parse(Buffer.from(stored!.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, roles: ['oversight'], sub: 'ivanov' });
    await page.locator('.figure').first().waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('refuses a callback whose state this tab did not start', async () => {
    const { context, page } = await newPage(browser, base, 'en');
    await page.goto('/signin/callback?code=forged&state=forged');
    await page
      .getByRole('alert')
      .getByText(/Sign-in failed/)
      .waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('gov.session'))).toBeNull();
    await context.close();
  });
});
