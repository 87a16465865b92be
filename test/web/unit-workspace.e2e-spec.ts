import { Browser } from 'playwright-core';
import { RunningApp, gql, token } from '../support/app-process';
import { mutate } from '../support/scenario';
import { DESKTOP, PHONE, eventually, newPage, problemsOf, screenshot, seriousA11yViolations } from './browser';
import { SAMPLE_PDF, devSignIn, signInWith, startRig, startWebApp, stopRig } from './work';
import { Portal, seedPortal } from './seed';

async function eventsOf(app: RunningApp, id: string, oversight: string): Promise<string[]> {
  const r = await gql(app.url, 'query($s: String!) { history(streamId: $s) { type } }', { s: `recommendation-${id}` }, oversight);
  return (r.data!.history as Array<{ type: string }>).map((e) => e.type);
}

/** The district department works its recommendations in its inbox, in Russian and Kazakh. */
describe("the police unit's workspace", () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let portal: Portal;

  beforeAll(async () => {
    // Evidence files up to 64 KiB here, so that a file too large is a small one.
    ({ app, browser, base } = await startRig(startWebApp({ EVIDENCE_MAX_BYTES: String(64 * 1024) })));
    portal = await seedPortal(app);
  }, 180_000);
  afterAll(() => stopRig(browser, app));

  it('lists the unit’s recommendations by due date with overdue marked and counts per status', async () => {
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const { context, page } = await newPage(browser, base, 'ru', viewport);
      await signInWith(page, portal.w.tokenA, '/');
      await page.getByRole('link', { name: 'Входящие' }).click();
      await page.getByRole('heading', { level: 1, name: 'Входящие рекомендации' }).waitFor();
      await page.getByRole('status').getByText('3 рекомендации').waitFor();
      // Open ones by due date (2026-05-01, then 2027-06-30), the implemented one apart.
      const open = page.getByRole('region', { name: 'Открытые: 2' }).getByRole('listitem');
      await expect(open.nth(0).textContent()).resolves.toMatch(/Просрочено.*Расширить видеонаблюдение/);
      await expect(open.nth(1).textContent()).resolves.toMatch(/пешеходный переход/);
      // A new one says what the unit has to do with it.
      await expect(open.nth(1).textContent()).resolves.toMatch(/Следующий шаг: примите к исполнению или оспорьте\./);
      await page
        .getByRole('region', { name: 'Закрытые: 1' })
        .getByText(/Оснастить патрульные/)
        .waitFor();
      const figure = (label: string) => page.locator('.figure', { has: page.getByText(label, { exact: true }) }).locator('.figure-value');
      await eventually(() => expect(figure('Назначенные').textContent()).resolves.toBe('2'));
      await eventually(() => expect(figure('Исполненные').textContent()).resolves.toBe('1'));
      await eventually(() => expect(figure('Просрочено').textContent()).resolves.toBe('1'));
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `ru-${width}-unit-inbox`);
      expect(problemsOf(page)).toEqual([]);
      await context.close();
    }
  });

  it('accepts once on a double click, reports progress with an uploaded PDF, asks for an extension', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    const id = portal.recs.onTime;
    await signInWith(page, portal.w.tokenA, `/unit/recommendations/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Рекомендация № 2' }).waitFor();
    // Progress is not possible before accepting: the page says why, and offers no form for it.
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Доложить о ходе исполнения' })
      .getByText('Недоступно в статусе «Назначены исполнители».')
      .waitFor();
    const progress = page.getByRole('region', { name: 'Доложить о ходе исполнения' });
    await expect(progress.count()).resolves.toBe(0);

    const accept = page.getByRole('region', { name: 'Принять к исполнению' });
    await accept.getByLabel('Примечание (необязательно)').fill('Принято к исполнению');
    await accept.getByRole('button', { name: 'Принять' }).dblclick();
    await page.getByText('Рекомендация принята к исполнению.').waitFor();
    expect((await eventsOf(app, id, portal.w.oversight)).filter((t) => t === 'RecommendationAccepted')).toHaveLength(1);

    await progress.getByRole('button', { name: 'Отправить доклад' }).waitFor({ state: 'visible' });
    await expect(progress.getByRole('button', { name: 'Отправить доклад' }).isEnabled()).resolves.toBe(true);
    // Accepted: accepting and disputing are past, not "unavailable now"; nothing else is out of reach.
    await expect(page.getByRole('heading', { name: 'Сейчас недоступно' }).count()).resolves.toBe(0);
    // Checked in Russian before sending, with the API's limits.
    await progress.getByLabel('Выполнено, %').fill('140');
    await progress.getByRole('button', { name: 'Отправить доклад' }).click();
    await progress.getByText('Целое число от 0 до 100.').waitFor();
    await progress.getByText('Заполните это поле.').waitFor();
    await progress.getByLabel('Выполнено, %').fill('40');
    await progress.getByLabel('Что сделано').fill('Проект перехода согласован с акиматом');
    // A file over the server's limit is said to be too large, and can be taken off the list.
    const picker = progress.getByLabel('Прикрепить файлы');
    await picker.setInputFiles({ name: 'видео.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(65 * 1024, 1) });
    await progress.getByText('Файл слишком большой.').waitFor();
    await progress.getByRole('button', { name: 'Убрать файл видео.mp4' }).click();
    // An upload the network lost: the same file chosen again is taken again.
    await page.route('**/files', (route) => route.abort());
    await picker.setInputFiles({ name: 'проект.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await progress.getByText('Сеть недоступна, попробуйте ещё раз.').waitFor();
    await page.unroute('**/files');
    await progress.getByRole('button', { name: 'Убрать файл проект.pdf' }).click();
    await picker.setInputFiles({ name: 'проект.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await progress.getByText('загружен').waitFor();
    // Stored, the bar is full.
    const bar = progress.getByRole('progressbar', { name: 'Загрузка файла проект.pdf' });
    await expect(bar.getAttribute('value')).resolves.toBe(await bar.getAttribute('max'));
    // A page opened again (as after signing in anew) brings back the stored file with the typed text.
    await page.reload();
    await progress.getByText('загружен').waitFor();
    await expect(progress.getByLabel('Что сделано').inputValue()).resolves.toBe('Проект перехода согласован с акиматом');
    await progress.getByRole('button', { name: 'Отправить доклад' }).click();
    await page.getByText('Доклад о ходе исполнения отправлен.').waitFor();
    await page.locator('.rec-meta').getByText('40%').waitFor();
    // The person's own writes are not reported back to them as someone else's change.
    await expect(page.getByText('Запись изменилась с тех пор, как вы её открыли:').count()).resolves.toBe(0);
    const evidence = page.getByRole('region', { name: 'Подтверждающие материалы' });
    await evidence.getByText('проект.pdf').waitFor();
    await evidence.getByRole('button', { name: 'Открыть' }).click();
    await evidence.locator('iframe[title="проект.pdf"]').waitFor();

    await page.getByRole('button', { name: 'Запросить продление срока' }).click();
    const extension = page.getByRole('region', { name: 'Запросить продление срока' });
    await extension.getByLabel('Новый срок').fill('2027-01-01');
    await extension.getByLabel('Причина').fill('Ждём финансирования');
    await extension.getByRole('button', { name: 'Запросить продление' }).click();
    await extension.getByText(/Дата должна быть позже/).waitFor();
    await extension.getByLabel('Новый срок').fill('2027-09-30');
    await extension.getByRole('button', { name: 'Запросить продление' }).click();
    await page.getByText('Запрос о продлении отправлен.').waitFor();
    await page.getByText(/Уже ждёт решения запрос о продлении до/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ru-desktop-unit-recommendation');
    await page.setViewportSize(PHONE);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ru-phone-unit-recommendation');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('keeps what was typed when the recommendation changed meanwhile, and writes it on retry on the fresh state', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    const id = portal.recs.onTime;
    await signInWith(page, portal.w.tokenA, `/unit/recommendations/${id}`);
    const progress = page.getByRole('region', { name: 'Орындалу барысы туралы баяндау' });
    await progress.getByLabel('Орындалды, %').fill('60');
    await progress.getByLabel('Не істелді').fill('Жобалау аяқталды');
    // Someone else writes first: the page's revision is now stale.
    await mutate(app, 'addComment', { recommendationId: id, text: 'Жедел' }, portal.w.secretary, 'recommendation { id }');
    await progress.getByRole('button', { name: 'Баяндаманы жіберу' }).click();
    await progress.getByText(/Сіз форманы толтырып жатқанда жазба өзгерді/).waitFor();
    await expect(progress.getByLabel('Не істелді').inputValue()).resolves.toBe('Жобалау аяқталды');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Жазба сіз ашқаннан кейін өзгерді:' })
      .getByText('Марат Секретарев: пікір қосты')
      .waitFor();
    await progress.getByRole('button', { name: 'Жаңа деректермен қайталау' }).click();
    await page.getByText('Орындалу барысы туралы баяндама жіберілді.').waitFor();
    await page.locator('.rec-meta').getByText('60%').waitFor();
    expect((await eventsOf(app, id, portal.w.oversight)).filter((t) => t === 'ProgressReported')).toHaveLength(2);
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      await page.setViewportSize(viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `kk-${width}-unit-recommendation`);
    }
    await page.goto('/unit');
    await page.getByRole('heading', { level: 1, name: 'Кіріс ұсынымдар' }).waitFor();
    await page.getByRole('status').getByText('3 ұсыным').waitFor();
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      await page.setViewportSize(viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `kk-${width}-unit-inbox`);
    }
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('lets a person acting for several units pick which one', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    const both = await token([`unit:${portal.w.unitA}`, `unit:${portal.w.unitB}`], 'Дежурный', 'duty');
    await signInWith(page, both, '/unit');
    await page.getByRole('status').getByText('3 рекомендации').waitFor();
    await page.getByLabel('От имени подразделения').selectOption({ label: 'Управление административной полиции' });
    await page.getByRole('status').getByText('1 рекомендация').waitFor();
    await page.getByRole('listitem').getByText('Соисполнитель').waitFor();
    await page.getByRole('link', { name: /Расширить видеонаблюдение/ }).click();
    await expect(page.getByLabel('От имени подразделения').inputValue()).resolves.toBe(portal.w.unitB);
    await page.getByRole('region', { name: 'Принять к исполнению' }).getByRole('button', { name: 'Принять' }).click();
    await page.getByText('Рекомендация принята к исполнению.').waitFor();
    const r = await gql(
      app.url,
      'query($s: String!) { history(streamId: $s) { type data } }',
      { s: `recommendation-${portal.recs.overdue}` },
      portal.w.oversight,
    );
    const accepted = (r.data!.history as Array<{ type: string; data: string }>).find((e) => e.type === 'RecommendationAccepted');
    expect(JSON.parse(accepted!.data)).toMatchObject({ unitId: portal.w.unitB });
    await context.close();
  });

  it('shows someone not signed in the way to sign in where a screen needs it, and back; an unknown address says so under a heading', async () => {
    const { context, page } = await newPage(browser, base, 'ru', PHONE);
    await page.goto('/dashboard');
    await page.getByRole('alert').getByText('Войдите, чтобы увидеть это.').waitFor();
    await page.goto('/unit');
    await page.getByRole('alert').getByRole('link', { name: 'Войти' }).click();
    await page.waitForURL('**/signin');
    // Signed in as the unit, the person is back where they were sent from.
    await devSignIn(page, 'Подразделение полиции', 'УП района Казыбек би');
    await page.waitForURL('**/unit');
    await page.getByRole('heading', { level: 1, name: 'Входящие рекомендации' }).waitFor();
    await page.goto('/no-such-page');
    await page.getByRole('heading', { level: 1, name: 'Страница не найдена' }).waitFor();
    await page.getByRole('alert').getByRole('link', { name: 'На главную' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
