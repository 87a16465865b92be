import { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';
import { RunningApp } from '../support/app-process';
import { World, assignedRecommendation, establishWorld, mutate } from '../support/scenario';
import { eventually, newPage, problemsOf } from './browser';
import { startRig, startWebApp, stopRig } from './work';

/** Every script but the entry: the screens' modules and what they import. */
const SCREEN_MODULES = /\/assets\/(?!index-)[^/]+\.js$/;

/** The GraphQL operations a page sent, by name, in order. */
function operationsOf(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/graphql')
      sent.push((r.postDataJSON() as { operationName?: string }).operationName ?? '');
  });
  return sent;
}

/**
 * A first visit: each screen's first query goes out while its module is still downloading, and is
 * sent once. The screens' modules (every script but the entry) are held back until that query has
 * gone out: a screen that asked only once its module ran would never be released.
 */
describe('a first visit asks its screen’s query beside the screen’s module', () => {
  let app: RunningApp;
  let browser: Browser;
  let w: World;
  let base: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startWebApp()));
    w = await establishWorld(app);
    const id = await assignedRecommendation(app, w, '1/2026', { ru: 'Установить камеры у школ' }, { leadUnitId: w.unitA });
    await mutate(
      app,
      'disputeRecommendation',
      { recommendationId: id, justification: 'Не наша компетенция' },
      w.tokenA,
      'recommendation { id }',
    );
  });
  afterAll(() => stopRig(browser, app));

  async function firstVisit(bearer: string): Promise<{ context: BrowserContext; page: Page; sent: string[]; held: Route[] }> {
    const { context, page } = await newPage(browser, base, 'ru');
    if (bearer) await context.addInitScript((t) => sessionStorage.setItem('gov.session', t), bearer);
    const held: Route[] = [];
    await page.route(SCREEN_MODULES, (route) => void held.push(route));
    return { context, page, sent: operationsOf(page), held };
  }

  it.each([
    ['the oversight register', () => '/register', () => w.oversight, 'Register', 'oversight-register', 'Установить камеры у школ'],
    ['the work queue', () => '/secretary/queue', () => w.secretary, 'SecretaryQueue', 'secretary-queue', 'Установить камеры у школ'],
    ["the secretary's meetings", () => '/secretary', () => w.secretary, 'SecretaryMeetings', 'secretary-meetings', '1/2026'],
    ["the body's members", () => '/secretary/members', () => w.secretary, 'BodyMembers', 'secretary-members', 'Айгуль Шопшеебаева'],
    ["the admin's page of a body", () => `/admin/bodies/${w.bodyId}`, () => w.admin, 'BodyMembers', 'admin-body', 'Айгуль Шопшеебаева'],
    ['the public register', () => '/recommendations', () => '', 'PublicRegister', 'public-register', 'Реестр рекомендаций'],
    ["a body's public page", () => `/bodies/${w.bodyId}`, () => '', 'PublicBody', 'public-body', 'Консультативно-совещательный орган'],
  ])('%s', async (_name, path, bearer, operation, marker, shown) => {
    const { context, page, sent, held } = await firstVisit(bearer());
    try {
      const asked = page.waitForRequest((r) => r.url().endsWith('/graphql') && r.postDataJSON()?.operationName === operation, {
        timeout: 20_000,
      });
      await page.goto(path(), { waitUntil: 'commit' });
      await asked;
      expect(held.length).toBeGreaterThan(0);
      // Released: unrouting lets the held requests through.
      await page.unroute(SCREEN_MODULES);
      await page.locator(`body[data-ready="${marker}"]`).waitFor();
      await page.getByText(shown).first().waitFor();
      // The screen took the answer already on its way: the query went out once.
      expect(sent.filter((name) => name === operation)).toEqual([operation]);
      // Later asks are the screen's own: back on it from another screen, it asks the server afresh.
      await page.getByRole('link', { name: 'Общественные советы' }).click();
      await page.locator('body[data-ready="public-home"]').waitFor();
      await page.goBack();
      await eventually(() => expect(sent.filter((name) => name === operation)).toEqual([operation, operation]));
      expect(problemsOf(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it("fetches only the reader's language before the screen is ready, and another on a switch", async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    try {
      await page.goto('/');
      await page.locator('body[data-ready="public-home"]').waitFor();
      const catalogues = await page.evaluate(`(() => {
        const at = performance.getEntriesByName('screen-ready').at(-1).startTime;
        return performance.getEntriesByType('resource')
          .filter((r) => r.startTime <= at)
          .map((r) => /\\/assets\\/(kk|ru|en)-[\\w-]+\\.js$/.exec(new URL(r.name).pathname)?.[1])
          .filter(Boolean);
      })()`);
      expect(catalogues).toEqual(['ru']);
      await page.getByRole('button', { name: 'Қазақша' }).click();
      await page.getByRole('link', { name: 'Қоғамдық кеңестер' }).first().waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('kk');
      expect(problemsOf(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
