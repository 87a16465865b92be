import { Browser, Page } from 'playwright-core';
import { SmtpSink } from '../../libs/notifications/src/testing/smtp-sink';
import { RunningApp, startApp } from '../support/app-process';
import { DESKTOP, NARROW, eventually, newPage, screenshot, seriousA11yViolations, sidewaysOverflow, smallTapTargets } from './browser';
import { startRig, stopRig } from './work';
import { Portal, seedPortal } from './seed';

const PUBLIC_URL = 'https://kso.karaganda.example';
const TEXTS = {
  kk: { email: 'Электрондық пошта мекенжайы', follow: 'Бақылау', sent: /растау хаты жіберілді/, confirm: 'Растау', confirmed: /Дайын/ },
  ru: {
    email: 'Адрес электронной почты',
    follow: 'Следить',
    sent: /письмо для подтверждения уже отправлено/,
    confirm: 'Подтвердить',
    confirmed: /Готово/,
  },
} as const;

/** A resident follows a recommendation from its page and confirms from the message, on a phone and a desktop, in Kazakh and Russian. */
describe('following by email in the web app', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let portal: Portal;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = new SmtpSink();
    const smtpUrl = await sink.start();
    ({ app, browser, base } = await startRig(
      startApp({ SMTP_URL: smtpUrl, MAIL_FROM: 'kso@police.kz', PUBLIC_URL, NOTIFY_INTERVAL_SECONDS: '1' }, 'npm start'),
    ));
    portal = await seedPortal(app);
  }, 240_000);
  afterAll(async () => {
    await stopRig(browser, app);
    await sink?.stop();
  });

  async function fits(page: Page) {
    expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
    expect(await seriousA11yViolations(page)).toEqual([]);
    // On a phone the form's fields and its button, and the link page's one button, are a finger's size.
    if (page.viewportSize()!.width < 600) expect(await smallTapTargets(page)).toEqual([]);
  }

  for (const lang of ['kk', 'ru'] as const)
    for (const [viewport, size] of [
      [NARROW, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const)
      it(`in ${lang} on a ${size}: the form on a recommendation's page, then the confirmation link's page`, async () => {
        const t = TEXTS[lang];
        const address = `reader-${lang}-${size}@media.kz`;
        const { context, page } = await newPage(browser, base, lang, viewport);
        await page.goto(`/recommendations/${portal.recs.onTime}`);
        await page.getByLabel(t.email).fill(address);
        await fits(page);
        await page.getByRole('button', { name: t.follow }).click();
        await page.getByRole('status').filter({ hasText: t.sent }).waitFor();
        await screenshot(page, `follow-${lang}-${size}-form`);

        let link = '';
        await eventually(async () => {
          const mail = (await sink.settled()).find((m) => [m.to].flat()[0]?.text === address);
          link = /https:\/\/kso\.karaganda\.example(\/follow\/confirm\?\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
          expect(link).not.toBe('');
        });
        await page.goto(link);
        await fits(page);
        await page.getByRole('button', { name: t.confirm }).click();
        await page.getByRole('status').filter({ hasText: t.confirmed }).waitFor();
        await screenshot(page, `follow-${lang}-${size}-confirmed`);
        await context.close();
      });

  it('the body page carries the same form', async () => {
    const { context, page } = await newPage(browser, base, 'ru', NARROW);
    await page.goto(`/bodies/${portal.w.bodyId}`);
    await page.getByLabel(TEXTS.ru.email).waitFor();
    await fits(page);
    await screenshot(page, 'follow-ru-phone-body');
    await context.close();
  });
});
