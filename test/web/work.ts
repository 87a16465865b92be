import { Browser, Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, TEST_SECRET, startApp } from '../support/app-process';
import { launchBrowser } from './browser';

/** What a browser test works with: the app, a browser, and the app's address for its pages. */
export interface Rig {
  app: RunningApp;
  browser: Browser;
  base: string;
}

/** The browser is launched while the app starts (each takes seconds). */
export async function startRig(starting: Promise<RunningApp>): Promise<Rig> {
  const [app, browser] = await Promise.all([starting, launchBrowser()]);
  return { app, browser, base: app.url.replace('/graphql', '') };
}

/** Closes what started, when a start failed too. */
export async function stopRig(browser: Browser | undefined, app: RunningApp | undefined): Promise<void> {
  await browser?.close();
  await app?.cleanup();
}

/** The app as `npm start` runs it on the embedded default, its development secret being the tests' one. */
export function startWebApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gov-web-work-'));
  writeFileSync(join(dataDir, 'dev-jwt-secret'), TEST_SECRET, { mode: 0o600 });
  return startApp({ ...env, AUTH_JWT_SECRET: '', GOVERNANCE_DATA_DIR: dataDir }, 'npm start');
}

/**
 * Signs in through the development sign-in, as a person would: the role, and for a body or unit which
 * one; done once the sign-in has sent the person on to their home.
 */
export async function devSignIn(page: Page, role: string | RegExp, target?: string): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('radio', { name: role, exact: typeof role === 'string' }).check();
  if (target) await page.getByRole('combobox').first().selectOption({ label: target });
  await page.getByRole('button', { name: /^Кіру:|^Войти:|^Sign in as/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** Signs the tab in with a bearer token (as the sign-in screens leave it) and opens `path`. */
export async function signInWith(page: Page, bearer: string, path: string): Promise<void> {
  await page.goto('/');
  await page.evaluate(`sessionStorage.setItem('gov.session', ${JSON.stringify(bearer)})`);
  await page.goto(path);
}

/** A small real PDF: what a unit attaches as evidence. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
