import { Browser, Page } from 'playwright-core';
import { SmtpSink } from '../../libs/notifications/src/testing/smtp-sink';
import { RunningApp, gql } from '../support/app-process';
import { World, establishWorld, heldMeeting, mutate } from '../support/scenario';
import { PHONE, newPage, problemsOf, screenshot, seriousA11yViolations } from './browser';
import { signInWith, startRig, startWebApp, stopRig } from './work';

const DESKTOP = { width: 1280, height: 800 };

/** The bell's button: its name says how many are unread. */
const bell = (page: Page, name: string | RegExp) => page.getByRole('banner').getByRole('button', { name });

describe('the notification bell', () => {
  let app: RunningApp;
  let sink: SmtpSink;
  let browser: Browser;
  let base: string;
  let w: World;
  let meeting: { meetingId: string; itemId: string };
  const recs: string[] = [];

  /** The secretary adopts recommendation `n` and assigns it to district A: the notifier tells A within its tick. */
  const assignToA = async (n: number) => {
    const id = (
      await mutate(
        app,
        'adoptRecommendation',
        {
          meetingId: meeting.meetingId,
          agendaItemId: meeting.itemId,
          number: String(n),
          text: { ru: `Усилить патрулирование, участок ${n}`, kk: `${n}-учаскеде патрульдеуді күшейту` },
        },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id as string;
    const dueDate = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await mutate(app, 'assignResponsibility', { recommendationId: id, leadUnitId: w.unitA, dueDate }, w.secretary, 'recommendation { id }');
    recs[n] = id;
  };

  beforeAll(async () => {
    sink = new SmtpSink();
    const smtpUrl = await sink.start();
    ({ app, browser, base } = await startRig(startWebApp({ SMTP_URL: smtpUrl, MAIL_FROM: 'kso@police.kz', NOTIFY_INTERVAL_SECONDS: '1' })));
    w = await establishWorld(app);
    await mutate(app, 'setUnitContacts', { unitId: w.unitA, emails: ['district-a@police.kz'], language: 'ru' }, w.admin, 'unit { id }');
    meeting = await heldMeeting(app, w, '1/2026', new Date().toISOString(), { ru: 'О патрулировании' });
  }, 240_000);
  afterAll(async () => {
    await stopRig(browser, app);
    await sink?.stop();
  });

  it('shows a unit its new notifications live, pages them, follows one to the recommendation and counts down as they are read', async () => {
    const { context, page } = await newPage(browser, base, 'ru', DESKTOP);
    await signInWith(page, w.tokenA, '/unit');
    await bell(page, 'Уведомления, непрочитанных нет').waitFor();
    await expect(page.locator('.bell-badge').count()).resolves.toBe(0);

    // Sent while the page is open: the badge appears without a reload, and screen readers hear it.
    await assignToA(1);
    await bell(page, 'Уведомления, 1 непрочитанное').waitFor();
    await expect(page.locator('.bell-badge').textContent()).resolves.toBe('1');
    await page.getByRole('banner').getByRole('status').getByText('1 непрочитанное уведомление').waitFor();
    for (let n = 2; n <= 11; n++) await assignToA(n);
    await bell(page, 'Уведомления, 11 непрочитанных').waitFor();
    // Each was also mailed, and recorded only after the SMTP server accepted it.
    expect(sink.received.length).toBe(11);

    // Keyboard: Enter opens it with focus on its heading; newest first, ten at a time.
    await bell(page, /^Уведомления/).focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Уведомления' });
    await expect(page.locator(':focus').textContent()).resolves.toBe('Уведомления');
    const items = panel.getByRole('listitem');
    await items.nth(9).waitFor();
    await expect(items.count()).resolves.toBe(10);
    // Newest first as recorded (a tick sends several at once, so not in the order of their numbers).
    const recorded = await gql(app.url, '{ notifications(first: 20) { items { recommendation { number } } } }', {}, w.tokenA);
    const numbers = (recorded.data!.notifications.items as Array<{ recommendation: { number: string } }>).map(
      (n) => n.recommendation.number,
    );
    expect(numbers).toHaveLength(11);
    await expect(items.allTextContents()).resolves.toEqual(
      numbers.slice(0, 10).map((n) => expect.stringContaining(`Рекомендация № ${n}: поручена вашему подразделению`)),
    );
    await panel.getByRole('button', { name: 'Показать ещё' }).click();
    await items.nth(10).waitFor();
    // The first was sent a tick before the others: it is the oldest.
    expect(numbers[10]).toBe('1');
    await expect(items.last().textContent()).resolves.toMatch(/Рекомендация № 1: поручена/);
    // Focus moves to the first of the page just shown (the "more" button went with the last page).
    await expect(page.locator(':focus').textContent()).resolves.toMatch(/Рекомендация № 1: поручена/);
    await expect(panel.getByRole('button', { name: 'Показать ещё' }).count()).resolves.toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Escape closes it and gives focus back to the bell.
    await page.keyboard.press('Escape');
    await expect(panel.count()).resolves.toBe(0);
    await expect(page.locator(':focus').getAttribute('class')).resolves.toBe('bell-button');

    // Following one opens the recommendation in the unit's workspace and marks it read.
    await page.keyboard.press('Enter');
    await panel.getByRole('link', { name: /Рекомендация № 11:/ }).click();
    await page.waitForURL(`**/unit/recommendations/${recs[11]}?unit=${w.unitA}`);
    await page.getByRole('heading', { level: 1, name: 'Рекомендация № 11' }).waitFor();
    await bell(page, 'Уведомления, 10 непрочитанных').waitFor();

    // One by one, then all at once.
    await bell(page, /^Уведомления/).click();
    await panel.getByRole('button', { name: 'Прочитано: Рекомендация № 10' }).click();
    await bell(page, 'Уведомления, 9 непрочитанных').waitFor();
    // The count comes by the subscription, the item's read mark with the mutation's answer: either may land first.
    await panel.getByRole('button', { name: 'Прочитано: Рекомендация № 10' }).waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Отметить все прочитанными' }).click();
    await bell(page, 'Уведомления, непрочитанных нет').waitFor();
    await expect(page.locator('.bell-badge').count()).resolves.toBe(0);
    await expect(panel.getByRole('button', { name: 'Отметить все прочитанными' }).isDisabled()).resolves.toBe(true);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it("takes a secretary from a report awaiting verification to the body's work queue, where it is verified", async () => {
    await mutate(app, 'acceptRecommendation', { recommendationId: recs[1] }, w.tokenA, 'recommendation { id }');
    await mutate(
      app,
      'reportImplementation',
      { recommendationId: recs[1], summary: 'Патрули усилены', evidence: [] },
      w.tokenA,
      'recommendation { id }',
    );
    const { context, page } = await newPage(browser, base, 'ru', PHONE);
    await signInWith(page, w.secretary, '/secretary');
    await bell(page, 'Уведомления, 1 непрочитанное').waitFor();
    await bell(page, /^Уведомления/).click();
    await page
      .getByRole('region', { name: 'Уведомления' })
      .getByRole('link', { name: /Рекомендация № 1:/ })
      .click();
    await page.waitForURL(`**/secretary/queue?body=${w.bodyId}`);
    await page.getByRole('button', { name: 'Подтвердить исполнение' }).first().waitFor();
    await bell(page, 'Уведомления, непрочитанных нет').waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('looks right open, in Kazakh and Russian, on a phone and a desktop', async () => {
    // Two new ones so the open list shows unread and read side by side.
    await assignToA(12);
    await assignToA(13);
    for (const lang of ['kk', 'ru'] as const)
      for (const [viewport, width] of [
        [PHONE, 'phone'],
        [DESKTOP, 'desktop'],
      ] as const) {
        const { context, page } = await newPage(browser, base, lang, viewport);
        await signInWith(page, w.tokenA, '/unit');
        await page.locator('.bell-badge').getByText('2', { exact: true }).waitFor();
        await page.locator('.bell-button').click();
        await page.locator('.bell-list li').nth(9).waitFor();
        expect(await seriousA11yViolations(page)).toEqual([]);
        await screenshot(page, `${lang}-${width}-notification-bell`);
        expect(problemsOf(page)).toEqual([]);
        await context.close();
      }
  });
});
