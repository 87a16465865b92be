import { Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, TEST_SECRET, startApp } from '../support/app-process';

/** The app as `npm start` runs it on the embedded default, its development secret being the tests' one. */
export function startWebApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gov-web-work-'));
  writeFileSync(join(dataDir, 'dev-jwt-secret'), TEST_SECRET, { mode: 0o600 });
  return startApp({ ...env, AUTH_JWT_SECRET: '', GOVERNANCE_DATA_DIR: dataDir }, 'npm start');
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
