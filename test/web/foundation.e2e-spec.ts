import { Browser } from 'playwright-core';
import { RunningApp, startApp, token } from '../support/app-process';
import { newPage, problemsOf } from './browser';
import { startRig, stopRig } from './work';

/** The built web app as npm start serves it: client-side routes, caching, CSP, languages. */
describe('the web app served by the API', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startApp({}, 'npm start')));
  }, 180_000);
  afterAll(() => stopRig(browser, app));

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

  it("keeps a signed-in person's header to one row on a 1366 px desktop, in Kazakh and Russian", async () => {
    const people: Array<[string[], string]> = [
      [['oversight'], 'Прокурор Ерлан Жакупов'],
      [['admin'], 'Администратор системы'],
      [['secretary:5b8e7f3c-0000-4000-8000-000000000000'], 'Айгуль Шопшеебаева'],
      [['unit:5b8e7f3c-0000-4000-8000-000000000001'], 'Дежурный УП района имени Казыбек би'],
    ];
    for (const lang of ['kk', 'ru'] as const)
      for (const [roles, name] of people) {
        const { context, page } = await newPage(browser, base, lang, { width: 1366, height: 768 });
        await context.addInitScript((t) => sessionStorage.setItem('gov.session', t), await token(roles, name));
        await page.goto('/recommendations');
        await page.getByRole('button', { name: lang === 'kk' ? 'Шығу' : 'Выйти' }).waitFor();
        const boxes = await Promise.all((await page.locator('.site-header .bar > *').all()).map((item) => item.boundingBox()));
        const tops = boxes.map((box) => box!.y);
        const lowest = Math.min(...boxes.map((box) => box!.height));
        expect({ roles, lang, rows: Math.max(...tops) - Math.min(...tops) < lowest ? 1 : 2 }).toEqual({ roles, lang, rows: 1 });
        await context.close();
      }
  });
});
