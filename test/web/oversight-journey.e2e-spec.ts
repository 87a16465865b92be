import { Browser, Page } from 'playwright-core';
import { RunningApp, token } from '../support/app-process';
import { mutate } from '../support/scenario';
import {
  DESKTOP,
  NARROW,
  PHONE,
  VIEWPORTS,
  clippedCells,
  download,
  eventually,
  figure,
  newPage,
  problemsOf,
  screenshot,
  seriousA11yViolations,
  sidewaysOverflow,
} from './browser';
import { Portal, seedPortal } from './seed';
import { devSignIn, signInWith, startRig, startWebApp, stopRig } from './work';

const count = (page: Page) => page.getByRole('status').filter({ hasText: /рекомендаци/ });

/** Oversight signs in through the development sign-in and works the dashboard and register, in Russian. */
describe('the oversight dashboard and register in Russian', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let portal: Portal;

  beforeAll(async () => {
    // The embedded default with the tests' secret as its development secret, so the seed story's tokens verify.
    ({ app, browser, base } = await startRig(startWebApp()));
    portal = await seedPortal(app);
  }, 180_000);
  afterAll(() => stopRig(browser, app));

  it('signs in as oversight and lands on the dashboard with the figures, ageing and charts', async () => {
    for (const [viewport, width] of VIEWPORTS) {
      const { context, page } = await newPage(browser, base, 'ru', viewport);
      await devSignIn(page, /Надзор/);
      await page.waitForURL('**/dashboard');
      await page.getByRole('heading', { level: 1, name: 'Панель надзора' }).waitFor();
      await eventually(() => expect(figure(page, 'Не закрыто').textContent()).resolves.toBe('2'));
      await eventually(() => expect(figure(page, 'Просрочено').textContent()).resolves.toBe('1'));
      await eventually(() => expect(figure(page, 'Исполнено из закрытых').textContent()).resolves.toMatch(/^100\s?%$/));
      // Due 2026-05-01: more than 180 days late by the time this runs (the clock is past November 2026).
      await eventually(() => expect(figure(page, 'более 180 дней').textContent()).resolves.toBe('1'));
      await page.locator('.chart canvas').first().waitFor();
      await page.getByText('Показать таблицей').first().click();
      await page.getByRole('rowheader', { name: 'Консультативно-совещательный орган' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `ru-${width}-dashboard`);
      expect(problemsOf(page)).toEqual([]);
      await context.close();
    }
  });

  it('filters the register with the filters in the address, answers as of a past date, and updates live', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await devSignIn(page, /Надзор/);
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: 'Реестр' }).click();
    await count(page).getByText('3 рекомендации').waitFor();
    // A list is always in some order: the sort shows the one in use, never "any".
    const order = page.getByLabel('Сортировка');
    await expect(order.locator('option:checked').textContent()).resolves.toBe('Сначала новые');
    await expect(order.getByRole('option', { name: 'Любой' }).count()).resolves.toBe(0);

    await page.getByLabel('Просрочка').selectOption({ label: 'Только просроченные' });
    await count(page).getByText('1 рекомендация').waitFor();
    expect(new URL(page.url()).searchParams.get('overdue')).toBe('1');
    await page.reload();
    await count(page).getByText('1 рекомендация').waitFor();
    await page.getByRole('link', { name: 'Расширить видеонаблюдение во дворах' }).waitFor();
    // The register as files, of the filter on screen, in Russian, with the log position they reflect.
    const csv = await download(page, page.getByRole('button', { name: 'Реестр (CSV)' }));
    expect(csv.name).toBe('recommendations-ru.csv');
    const csvText = csv.bytes.toString('utf8');
    expect(csvText).toContain('Расширить видеонаблюдение во дворах');
    expect(csvText).not.toContain('Обустроить пешеходный переход у школы');
    await page.getByText(/^Скачано: состояние на позиции журнала \d+/).waitFor();
    // A refusal or a lost connection is said in Russian, not in the server's English.
    await page.route('**/reports/**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'REPORTS_BUSY', message: 'too many reports' }),
      }),
    );
    await page.getByRole('button', { name: 'Реестр (Excel)' }).click();
    await page.getByText('Не удалось скачать файл: сейчас готовится много отчётов, повторите через минуту.').waitFor();
    await page.unroute('**/reports/**');
    await page.route('**/reports/**', (route) => route.abort());
    await page.getByRole('button', { name: 'Реестр (Excel)' }).click();
    await page.getByText('Не удалось скачать файл: нет связи с сервером, попробуйте ещё раз.').waitFor();
    await page.unroute('**/reports/**');
    const xlsx = await download(page, page.getByRole('button', { name: 'Реестр (Excel)' }));
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    // Filtered by a unit, the register offers that unit's status report.
    await page.getByLabel('Подразделение').selectOption({ label: 'УП района Казыбек би' });
    expect(new URL(page.url()).searchParams.get('unit')).toBe(portal.w.unitA);
    const status = await download(page, page.getByRole('button', { name: 'Состояние: УП района Казыбек би (PDF)' }));
    expect(status.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Another filter: what was said about the earlier files no longer applies.
    await expect(page.getByText(/^Скачано: состояние на позиции журнала/).count()).resolves.toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'ru-phone-register');
    await page.setViewportSize(DESKTOP);

    await page.getByRole('link', { name: 'Сбросить фильтры' }).click();
    await page.getByLabel('Текст или номер').fill('переход');
    await page.getByRole('button', { name: 'Найти' }).click();
    await count(page).getByText('1 рекомендация').waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('переход');
    await page.getByRole('link', { name: 'Сбросить фильтры' }).click();
    await page.getByLabel('Текст или номер').fill('');
    await count(page).getByText('3 рекомендации').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ru-desktop-register');

    // As of yesterday nothing had been adopted yet: the log says so.
    // The field takes the date as Russian documents write it, and its label says so (not the browser's mm/dd/yyyy).
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const asOf = page.getByLabel('На дату', { exact: true });
    await expect(asOf.getAttribute('aria-describedby').then((id) => page.locator(`[id="${id}"]`).textContent())).resolves.toBe(
      '(дд.мм.гггг)',
    );
    await asOf.fill(yesterday.split('-').reverse().join('.'));
    await asOf.press('Enter');
    await count(page).getByText('0 рекомендаций').waitFor();
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(yesterday);
    await page.getByRole('button', { name: 'Вернуться к текущему' }).click();
    await count(page).getByText('3 рекомендации').waitFor();

    // A unit reports progress elsewhere: the open register shows it without a reload.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Обустроить пешеходный переход у школы' }) });
    await row.getByText('0%').waitFor();
    await mutate(app, 'acceptRecommendation', { recommendationId: portal.recs.onTime }, portal.w.tokenA, 'recommendation { id }');
    await mutate(
      app,
      'reportProgress',
      { recommendationId: portal.recs.onTime, percent: 40, note: 'Проект согласован', evidence: [] },
      portal.w.tokenA,
      'recommendation { id }',
    );
    await row.getByText('40%').waitFor();
    await row.getByText('Исполняется').waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('shows every table cell whole at 360 px, in Kazakh and Russian: the register as cards, and every other screen with a table', async () => {
    const w = portal.w;
    // The screens with a table are photographed (their name) and checked at 1366 px too.
    const screens: Array<[role: string, bearer: string | null, path: string, photo?: string]> = [
      ['oversight', await token(['oversight'], 'Прокурор', 'prosecutor'), '/register', 'register'],
      ['oversight', null, '/dashboard', 'dashboard-tables'],
      ['public', null, '/'],
      ['public', null, '/recommendations'],
      ['public', null, `/bodies/${w.bodyId}`],
      ['public', null, `/meetings/${portal.meetingId}`],
      ['admin', w.admin, '/admin'],
      ['admin', null, '/admin/units'],
      ['admin', null, '/admin/bodies'],
      ['admin', null, `/admin/bodies/${w.bodyId}`, 'admin-body'],
      ['secretary', w.secretary, '/secretary/queue'],
      ['secretary', null, '/secretary/members', 'secretary-members'],
      ['unit', w.tokenA, '/unit'],
    ];
    for (const lang of ['kk', 'ru'] as const) {
      const { context, page } = await newPage(browser, base, lang, NARROW);
      const clipped: Record<string, string[]> = {};
      for (const [role, bearer, path, photo] of screens) {
        if (bearer) await signInWith(page, bearer, path);
        else await page.goto(path);
        await page.locator('body[data-ready]').waitFor();
        // The dashboard's figures as tables too (each chart's "show as table").
        const closed = page.locator('details:not([open]) > summary');
        for (let n = await closed.count(); n > 0; n--) await closed.first().click();
        const cut = await clippedCells(page);
        if (cut.length) clipped[`${role} ${path}`] = cut;
        expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
        if (!photo) continue;
        expect(await seriousA11yViolations(page)).toEqual([]);
        await screenshot(page, `${lang}-phone360-${photo}`);
        await page.setViewportSize({ width: 1366, height: 900 });
        const wide = await clippedCells(page);
        if (wide.length) clipped[`${role} ${path} at 1366 px`] = wide;
        await screenshot(page, `${lang}-desktop1366-${photo}`);
        await page.setViewportSize(NARROW);
      }
      expect(clipped).toEqual({});
      expect(problemsOf(page)).toEqual([]);
      await context.close();
    }
  }, 180_000);

  it('on a 360 px phone shows the first register row within the first screen and the as-of in one row; on a desktop the filters open', async () => {
    const TEXTS = {
      kk: { filters: 'Сүзгілер', inUse: 'Сүзгілер (таңдалғаны: 1)', asOf: 'Күнге', show: 'Көрсету' },
      ru: { filters: 'Фильтры', inUse: 'Фильтры (выбрано: 1)', asOf: 'На дату', show: 'Показать' },
    };
    const bearer = await token(['oversight'], 'Прокурор', 'prosecutor');
    for (const lang of ['kk', 'ru'] as const) {
      const t = TEXTS[lang];
      const { context, page } = await newPage(browser, base, lang, NARROW);
      await signInWith(page, bearer, '/register');
      await page.locator('body[data-ready]').waitFor();
      const filters = page.getByRole('search', { name: t.filters });
      const firstRow = page.locator('tbody tr').first();
      // Folded on a phone: the first recommendation is on the first screen, not below ~1 000 px of empty fields.
      await expect(filters.isVisible()).resolves.toBe(false);
      const row = (await firstRow.getByRole('link').first().boundingBox())!;
      expect(row.y + row.height).toBeLessThanOrEqual(NARROW.height);
      // The as-of is one row: the "Show" button beside the field, the bar no taller than one field and its padding.
      const bar = (await page.locator('form.as-of').boundingBox())!;
      const field = (await page.getByLabel(t.asOf, { exact: true }).boundingBox())!;
      const show = (await page.getByRole('button', { name: t.show, exact: true }).boundingBox())!;
      expect(Math.abs(show.y + show.height / 2 - (field.y + field.height / 2))).toBeLessThan(field.height / 2);
      expect(bar.height).toBeLessThan(2 * field.height);
      await screenshot(page, `${lang}-phone360-register-folded`);
      // A filtered list says so on the folded toggle, and the toggle opens the filters.
      await page.goto('/register?overdue=1');
      await page
        .getByRole('status')
        .filter({ hasText: /^1 (ұсыным|рекомендация)$/ })
        .waitFor();
      const toggle = page.locator('summary').filter({ hasText: t.inUse });
      await toggle.click();
      await expect(filters.isVisible()).resolves.toBe(true);
      expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `${lang}-phone360-register-filtered`);
      // On a desktop the filters are open from the start.
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/register');
      await page.locator('body[data-ready]').waitFor();
      await expect(filters.isVisible()).resolves.toBe(true);
      await screenshot(page, `${lang}-desktop1366-register`);
      expect(problemsOf(page)).toEqual([]);
      await context.close();
    }
  });

  it("shows a recommendation's timeline with actors, times and a verified hash chain", async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await devSignIn(page, /Надзор/);
    await page.waitForURL('**/dashboard');
    await page.goto(`/recommendations/${portal.recs.implemented}`);
    await page.getByRole('heading', { level: 1, name: 'Рекомендация № 3' }).waitFor();
    await page.getByText('Цепочка хешей проверена: ни одно событие не изменено, не удалено и не переставлено.').waitFor();
    const timeline = page.locator('.timeline');
    await timeline.getByText('Исполнение подтверждено').waitFor();
    await expect(timeline.getByText('Марат Секретарев').count()).resolves.toBeGreaterThan(1);
    await expect(timeline.getByText('✓ цепочка').count()).resolves.toBe(5);
    // Each kind with what it carries, and the unit an actor acted for.
    const reported = timeline.getByRole('listitem').filter({ hasText: 'Сообщено об исполнении' });
    await reported.getByText('Орындалды').waitFor();
    await reported.getByText('УП района Казыбек би', { exact: false }).waitFor();
    await timeline
      .getByRole('listitem')
      .filter({ hasText: 'Назначены исполнители и срок' })
      .getByText(/Срок 1 мар\.? 2027/)
      .waitFor();
    // Evidence: the cited link opens, the uploaded file downloads with the reader's token.
    const evidence = page.getByRole('region', { name: 'Подтверждающие материалы' });
    await expect(evidence.getByRole('link', { name: 'акт.pdf' }).getAttribute('href')).resolves.toBe('https://police.example/act');
    await evidence.getByText(`SHA-256 ${portal.evidenceFile.sha256}`).waitFor();
    const file = await download(page, evidence.getByRole('button', { name: portal.evidenceFile.name }));
    expect(file.name).toBe(portal.evidenceFile.name);
    expect(file.bytes.toString('utf8')).toBe(portal.evidenceFile.content);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ru-desktop-timeline');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'ru-phone-timeline');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('offers the report-back PDF on a meeting with a report-back item, before the meeting is held', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await devSignIn(page, /Надзор/);
    await page.waitForURL('**/dashboard');
    await page.goto(`/meetings/${portal.nextMeetingId}`);
    await page.getByRole('heading', { level: 1, name: /Заседание № 2\/2026/ }).waitFor();
    await page.getByText('Заседание ещё не проведено.').waitFor();
    await page.locator('dl.facts').getByText('Назначено на').waitFor();
    const reportBack = await download(page, page.getByRole('button', { name: 'Отчёт об исполнении рекомендаций (PDF)' }));
    expect(reportBack.name).toBe('report-back-2-2026-ru.pdf');
    expect(reportBack.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByText(/^Скачано: состояние на позиции журнала \d+/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ru-desktop-meeting');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'ru-phone-meeting');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('lands each role on its own home: admin on the units tree, a secretary on their body', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await devSignIn(page, /Администратор/);
    await page.waitForURL('**/admin');
    await page.getByRole('heading', { level: 1, name: 'Администрирование' }).waitFor();
    // The tree is one click away from the admin's home; each unit's page offers its status report.
    await page.getByRole('link', { name: 'Подразделения' }).first().click();
    const tree = page.locator('ul.tree');
    await tree.getByRole('listitem').filter({ hasText: 'ДП Карагандинской области' }).getByText('УП района Казыбек би').waitFor();
    await tree.getByRole('link', { name: 'УП района Казыбек би' }).click();
    const status = await download(page, page.getByRole('button', { name: 'Состояние рекомендаций: УП района Казыбек би (PDF)' }));
    expect(status.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByText(/^Скачано: состояние на позиции журнала \d+/).waitFor();
    await page.setViewportSize(PHONE);
    await screenshot(page, 'ru-phone-admin');
    await page.setViewportSize(DESKTOP);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ru-desktop-admin');
    await page.getByRole('button', { name: 'Выйти' }).click();
    await devSignIn(page, /Секретарь совета/, 'Консультативно-совещательный орган');
    await page.waitForURL(`**/secretary?body=${portal.w.bodyId}`);
    await page.getByRole('heading', { level: 1, name: 'Заседания' }).waitFor();
    await context.close();
  });

  it('signs out when the server closes the live-update socket as the sign-in expires (4401), and returns with what was typed', async () => {
    // The server closes the socket by its own clock, so this is a real short-lived token; nothing is
    // clicked after typing: the socket's close alone sends the person to sign in.
    const { context, page } = await newPage(browser, base, 'ru');
    await page.goto('/');
    await page.evaluate((t) => sessionStorage.setItem('gov.session', t), await token(['oversight'], 'Прокурор', 'prosecutor', 30));
    await page.goto('/register');
    await count(page).getByText('3 рекомендации').waitFor();
    await page.getByLabel('Текст или номер').fill('видеонаблюдение во дворах');
    await page.waitForURL('**/signin?expired=1', { timeout: 90_000 });
    await page.getByRole('radio', { name: /Надзор/ }).check();
    await page.getByRole('button', { name: /^Войти:/ }).click();
    await page.waitForURL(/\/register/);
    await expect(page.getByLabel('Текст или номер').inputValue()).resolves.toBe('видеонаблюдение во дворах');
    await context.close();
  }, 150_000);

  it('sends an expired sign-in back to sign-in and returns to the screen with what was typed', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    // The page's clock is moved past the sign-in's expiry once the form is filled: waiting for a
    // short-lived token to run out would race with how long the screen takes to load.
    await page.clock.install();
    const shortLived = await token(['oversight'], 'Прокурор', 'prosecutor', 600);
    await page.goto('/');
    await page.evaluate((t) => sessionStorage.setItem('gov.session', t), shortLived);
    await page.goto('/register');
    await count(page).getByText('3 рекомендации').waitFor();
    await page.getByLabel('Текст или номер').fill('видеонаблюдение во дворах');
    await page.clock.fastForward('20:00');
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.waitForURL('**/signin?expired=1');
    await page.getByText('Сеанс завершён').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ru-desktop-signin');
    await page.getByRole('radio', { name: /Надзор/ }).check();
    await page.getByRole('button', { name: /^Войти:/ }).click();
    await page.waitForURL(/\/register\?q=/);
    await expect(page.getByLabel('Текст или номер').inputValue()).resolves.toBe('видеонаблюдение во дворах');
    await count(page).getByText('1 рекомендация').waitFor();
    await context.close();
  });
});
