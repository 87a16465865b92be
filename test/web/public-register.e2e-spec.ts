import { Browser, Page } from 'playwright-core';
import { RunningApp, startApp } from '../support/app-process';
import { mutate } from '../support/scenario';
import { DESKTOP, NARROW, newPage, problemsOf, screenshot, seriousA11yViolations, sidewaysOverflow } from './browser';
import { startRig, stopRig } from './work';
import { Portal, seedPortal } from './seed';

const WIDE = { ...DESKTOP, width: 1366 };
const TEXTS = {
  kk: { nav: 'Ұсынымдар', title: 'Ұсынымдар тізілімі', upcoming: 'Алдағы отырыстар', overdue: 'Мерзімнің өтуі', filters: 'Сүзгілер' },
  ru: { nav: 'Рекомендации', title: 'Реестр рекомендаций', upcoming: 'Предстоящие заседания', overdue: 'Просрочка', filters: 'Фильтры' },
} as const;

/** A journalist reads the public register and the upcoming meetings on a phone and a desktop, in Kazakh and Russian. */
describe('the public register and upcoming meetings', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let portal: Portal;

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startApp({}, 'npm start')));
    portal = await seedPortal(app);
    await mutate(
      app,
      'scheduleMeeting',
      {
        bodyId: portal.w.bodyId,
        number: '7/2026',
        kind: 'PUBLIC_REPORT',
        title: { kk: 'Полиция бастығының халыққа есебі', ru: 'Отчёт начальника полиции перед населением' },
        startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        place: 'Қарағанды, Кеншілер мәдениет сарайы',
        format: 'IN_PERSON',
      },
      portal.w.secretary,
      'meeting { id }',
    );
  }, 240_000);
  afterAll(() => stopRig(browser, app));

  async function fits(page: Page) {
    expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
    expect(await seriousA11yViolations(page)).toEqual([]);
  }

  for (const lang of ['kk', 'ru'] as const) {
    for (const [viewport, size] of [
      [NARROW, 'phone'],
      [WIDE, 'desktop'],
    ] as const) {
      it(`in ${lang} on a ${size}: upcoming meetings on the home and body pages, the register filtered to a recommendation's page`, async () => {
        const t = TEXTS[lang];
        const { context, page } = await newPage(browser, base, lang, viewport);
        await page.goto('/');
        const upcoming = page.getByRole('region', { name: t.upcoming });
        await upcoming
          .getByRole('link', { name: new RegExp(lang === 'kk' ? 'Полиция бастығының халыққа есебі' : 'Отчёт начальника полиции') })
          .waitFor();
        await fits(page);
        await screenshot(page, `public-register-${lang}-${size}-home`);

        await page.getByRole('navigation').getByRole('link', { name: t.nav, exact: true }).click();
        await page.waitForURL('**/recommendations');
        await page.getByRole('heading', { level: 1, name: t.title }).waitFor();
        const items = page.locator('.register-list > li');
        await page.getByRole('status').filter({ hasText: /3/ }).waitFor();
        await expect(items.count()).resolves.toBe(3);
        await fits(page);
        await screenshot(page, `public-register-${lang}-${size}-register`);

        // The filters are folded on a phone (the list comes first) and open on a desktop.
        await expect(page.getByRole('search', { name: t.filters }).isVisible()).resolves.toBe(size === 'desktop');
        if (size === 'phone') await page.getByText(t.filters, { exact: true }).click();
        await page.getByLabel(t.overdue).selectOption('1');
        await page.waitForURL('**/recommendations?overdue=1');
        await page.getByRole('status').filter({ hasText: /1/ }).waitFor();
        await expect(items.count()).resolves.toBe(1);
        const csv = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
        expect(csv).toBe(`/open-data/recommendations.csv?overdue=true&lang=${lang}`);
        await items.first().getByRole('link').click();
        await page.waitForURL(`**/recommendations/${portal.recs.overdue}`);
        await fits(page);

        await page.goto(`/bodies/${portal.w.bodyId}`);
        await page.getByRole('region', { name: t.upcoming }).getByRole('link').first().waitFor();
        await fits(page);
        await screenshot(page, `public-register-${lang}-${size}-body`);
        expect(problemsOf(page)).toEqual([]);
        await context.close();
      });
    }
  }
});
