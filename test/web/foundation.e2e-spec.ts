import { Browser } from 'playwright-core';
import { RunningApp, startApp } from '../support/app-process';
import { launchBrowser, newPage, problemsOf } from './browser';

/** The built web app as npm start serves it: client-side routes, caching, CSP, languages. */
describe('the web app served by the API', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({}, 'npm start'), launchBrowser()]);
    base = app.url.replace('/graphql', '');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.cleanup();
  });

  it('answers / and any client-side route with the app, never cached, under a CSP with no inline script', async () => {
    for (const path of ['/', '/meetings/5b8e7f3c-0000-4000-8000-000000000000', '/dashboard?asOf=2026-01-01']) {
      const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const html = await res.text();
      expect(html).toMatch(/<div id="root">/);
      // Every script is a file of the build: nothing inline for the CSP to allow.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('serves hashed assets with a long cache, and leaves the API and unknown files alone', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const res = await fetch(`${base}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/missing-0000.js`)).status).toBe(404);
    expect((await fetch(`${base}/health`)).headers.get('content-type')).toMatch(/json/);
    const graphql = await fetch(`${base}/graphql?query=%7B__typename%7D`, {
      headers: { accept: 'text/html', 'apollo-require-preflight': '1' },
    });
    expect(await graphql.text()).not.toMatch(/<div id="root">/);
  });

  it('shows the portal in the browser language and switches language without reloading', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Полиция жанындағы қоғамдық кеңестер' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Общественные советы при полиции' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    // The choice is remembered for the next visit.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Общественные советы при полиции' }).waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
