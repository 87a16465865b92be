import { Browser, Locator, Page } from 'playwright-core';
import { RunningApp, gql, token } from '../support/app-process';
import { World, establishWorld, mutate } from '../support/scenario';
import { DESKTOP, NARROW, PHONE, eventually, newPage, problemsOf, screenshot, seriousA11yViolations, sidewaysOverflow } from './browser';
import { SAMPLE_PDF, signInWith, startRig, startWebApp, stopRig } from './work';

/** The desktop the date fields are photographed at. */
const WIDE = { width: 1366, height: 900 };

/** How many rows the meeting's steps take. */
async function stepRows(page: Page): Promise<number> {
  const steps = await page.getByRole('list', { name: 'Отырыс қадамдары' }).getByRole('listitem').all();
  return new Set(await Promise.all(steps.map(async (step) => Math.round((await step.boundingBox())!.y)))).size;
}

/** Axe, no sideways scroll at 360 px, and a photograph at 360 and 1366 px; the page is left at 1366. */
async function photograph(page: Page, name: string): Promise<void> {
  for (const [viewport, width] of [
    [NARROW, 'phone360'],
    [WIDE, 'desktop1366'],
  ] as const) {
    await page.setViewportSize(viewport);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (viewport === NARROW) expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
    await screenshot(page, `${name}-${width}`);
  }
}

/** What a screen reader reads after a field's name: the texts its aria-describedby names. */
async function described(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

/** The Karaganda body's secretary records meeting 1/2026 after the fact, in Kazakh. */
describe("the secretary's meeting workspace in Kazakh", () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let w: World;
  let meetingId: string;
  const recIds: Record<string, string> = {};

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startWebApp()));
    w = await establishWorld(app);
  }, 180_000);
  afterAll(() => stopRig(browser, app));

  it('schedules, builds the agenda, records it held with attendance and guests, minutes, adopts and assigns, approves and publishes', async () => {
    // The secretary's clock is Karaganda's (UTC+5): the time typed is the time in Karaganda.
    const { context, page } = await newPage(browser, base, 'kk', DESKTOP, 'Asia/Almaty');
    await signInWith(page, w.secretary, '/');
    await page.getByRole('link', { name: 'Хатшы жұмысы' }).click();
    await page.getByRole('heading', { level: 1, name: 'Отырыстар' }).waitFor();
    const schedule = page.getByRole('form', { name: 'Отырысты жоспарлау' });
    await schedule.getByLabel('Нөмірі').fill('1/2026');
    const startsAt = schedule.getByLabel('Күні мен уақыты');
    await expect(described(startsAt)).resolves.toBe('(кк.аа.жжжж сс:мм)');
    // The browser's own order is not taken for a date: said at the field, in Kazakh, and nothing is sent.
    await startsAt.fill('02/10/2026 2:30 PM');
    await schedule.getByLabel('Өтетін орны').fill('Қарағанды, ПД, мәжіліс залы');
    await schedule.getByLabel('Өткізу нысаны').selectOption({ label: 'Аралас' });
    await schedule.getByRole('button', { name: 'Жоспарлау' }).click();
    const wrong = 'Күн мен уақытты кк.аа.жжжж сс:мм түрінде жазыңыз, мысалы 10.02.2026 14:30.';
    await schedule.getByRole('alert').getByText(wrong).waitFor();
    await expect(startsAt.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(described(startsAt)).resolves.toBe(`(кк.аа.жжжж сс:мм) ${wrong}`);
    await photograph(page, 'kk-secretary-date-field-wrong');
    await startsAt.fill('10.02.2026 14:30');
    await startsAt.press('Enter');
    await page.getByRole('heading', { level: 1, name: '№ 1/2026 отырыс' }).waitFor();
    meetingId = page.url().split('/').pop()!;
    // Shown as typed, and kept as the instant it names: 14:30 in Karaganda is 09:30 UTC.
    await page.locator('.lead', { hasText: '10.02.2026, 14:30' }).waitFor();
    const scheduled = await gql(app.url, 'query($id: ID!) { meeting(id: $id) { startsAt } }', { id: meetingId }, w.oversight);
    expect(scheduled.data!.meeting.startsAt).toBe('2026-02-10T09:30:00.000Z');

    // The agenda: two items, then the second moved up by keyboard.
    const add = page.getByRole('form', { name: 'Мәселе қосу' });
    for (const title of ['Жол қозғалысының қауіпсіздігі', 'Қоғамдық тәртіпті сақтау']) {
      await add.getByLabel('Мәселе (қазақша)').fill(title);
      await add.getByRole('button', { name: 'Мәселе қосу' }).click();
      await page.locator('.agenda-edit li', { hasText: title }).waitFor();
    }
    await page.getByRole('button', { name: '2-мәселені жоғары жылжыту' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Мәселе 1-орынға жылжытылды').waitFor();
    await page.locator('.agenda-edit li').first().filter({ hasText: 'Қоғамдық тәртіпті сақтау' }).waitFor();

    // Held: three of four members (quorum as computed) and two guests, at the time it was planned for.
    await page.getByRole('button', { name: 'Отырысты өткізілді деп белгілеу' }).click();
    await expect(page.getByLabel('Өткізілген уақыты').inputValue()).resolves.toBe('10.02.2026 14:30');
    await page.getByLabel(/Айгуль Шопшеебаева/).check();
    await page.getByText('4 мүшенің 1 қатысты — кворум жоқ').waitFor();
    await page.getByLabel(/Марат Секретарев/).check();
    await page.getByLabel(/Арман Бердагулов/).check();
    await page.getByText('4 мүшенің 3 қатысты — кворум бар').waitFor();
    for (const [name, org, category] of [
      ['Дәурен Журналистов', 'Polisia.kz', 'БАҚ'],
      ['Елена Омбудсменова', 'Адам құқықтары жөніндегі уәкіл аппараты', 'Адам құқықтары жөніндегі уәкіл'],
    ]) {
      await page.getByRole('button', { name: 'Шақырылған қосу' }).click();
      const row = page.getByRole('group', { name: /-шақырылған$/ }).last();
      await row.getByLabel('Аты-жөні').fill(name!);
      await row.getByLabel('Ұйымы').fill(org!);
      await row.getByLabel('Санаты').selectOption({ label: category! });
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'kk-desktop-secretary-meeting-scheduled');
    await page.getByRole('button', { name: 'Өткізілді деп белгілеу' }).click();
    // Recording it held cannot be undone: asked once more.
    await page.getByRole('button', { name: 'Иә, өткізілді деп белгілеу' }).click();
    await page.getByRole('heading', { name: 'Қатысу' }).waitFor();
    await page.getByText('Елена Омбудсменова, Адам құқықтары жөніндегі уәкіл аппараты (Адам құқықтары жөніндегі уәкіл)').waitFor();

    // Minutes of the first item, three recommendations assigned to two units.
    const first = page.getByRole('region', { name: '1. Қоғамдық тәртіпті сақтау' });
    await first.getByLabel('Хаттама (қазақша)').fill('Учаскелік инспекторлардың есебі тыңдалды.');
    await first.getByRole('button', { name: 'Хаттаманы сақтау' }).click();
    await first.getByText('Мәселе бойынша хаттама сақталды.').waitFor();
    const adopt = async (region: string, number: string, text: string, lead: string, due: string) => {
      // The adoption form opens on demand, clean each time.
      await page.getByRole('region', { name: region }).getByRole('button', { name: 'Ұсыным қабылдау' }).click();
      const form = page.getByRole('region', { name: region }).getByRole('form', { name: 'Ұсыным қабылдау' });
      await expect(form.getByLabel('Басымдығы').inputValue()).resolves.toBe('NORMAL');
      await form.getByLabel('Нөмірі').fill(number);
      await form.getByLabel('Мәтіні (қазақша)').fill(text);
      await form.getByLabel('Басымдығы').selectOption({ label: 'Жоғары' });
      await form.getByLabel('Негізгі орындаушы').selectOption({ label: lead });
      await form.getByLabel('Мерзімі').fill(due);
      await form.getByRole('button', { name: 'Ұсынымды қабылдау' }).click();
      await page.getByRole('link', { name: `№ ${number} ${text}` }).waitFor();
    };
    await adopt('1. Қоғамдық тәртіпті сақтау', '1', 'Ауладағы бейнебақылауды кеңейту', 'УП района Казыбек би', '31.12.2026');
    await adopt('1. Қоғамдық тәртіпті сақтау', '2', 'Учаскелік пункттердің жұмыс уақытын ұзарту', 'УП района Казыбек би', '01.03.2027');
    await adopt(
      '2. Жол қозғалысының қауіпсіздігі',
      '3',
      'Мектеп маңында патрульдеуді күшейту',
      'Управление административной полиции',
      '01.09.2026',
    );
    await screenshot(page, 'kk-desktop-secretary-meeting-held');
    // While the minutes are recorded, the two steps at hand are named and the rest numbered: at most two rows on a phone.
    await page.setViewportSize(NARROW);
    await screenshot(page, 'kk-narrow-secretary-meeting-held');
    expect(await stepRows(page)).toBeLessThanOrEqual(2);
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      await page.setViewportSize(viewport);
      await screenshot(page, `kk-${width}-secretary-meeting`);
    }
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'Хаттаманы бекіту' }).click();
    await page.getByRole('button', { name: 'Иә, бекіту' }).click();
    await page.getByText('Хаттамасы бекітілген').first().waitFor();
    await page.getByRole('button', { name: 'Жариялау' }).click();
    await page.getByRole('button', { name: 'Иә, жариялау' }).click();
    await page.locator('.badge', { hasText: 'Жарияланды' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // On a phone the five steps done take one row (they took five), each still named to a screen reader.
    await page.setViewportSize(NARROW);
    expect(await stepRows(page)).toBe(1);
    await expect(page.getByRole('list', { name: 'Отырыс қадамдары' }).getByRole('listitem').allTextContents()).resolves.toEqual([
      'орындалды:1. Күн тәртібі',
      'орындалды:2. Өткізілді деп белгілеу',
      'орындалды:3. Хаттама және ұсынымдар',
      'орындалды:4. Хаттаманы бекіту',
      'орындалды:5. Жариялау',
    ]);
    await screenshot(page, 'kk-narrow-secretary-meeting-published');
    await page.setViewportSize(WIDE);
    await screenshot(page, 'kk-wide-secretary-meeting-published');
    await page.setViewportSize(DESKTOP);
    expect(problemsOf(page)).toEqual([]);

    // Every step carries the meeting's date as its business time, not today's.
    const history = await gql(
      app.url,
      'query($s: String!) { history(streamId: $s) { type occurredAt } }',
      { s: `meeting-${meetingId}` },
      w.oversight,
    );
    const events = history.data!.history as Array<{ type: string; occurredAt: string }>;
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'MeetingScheduled',
        'AgendaItemAdded',
        'AgendaReordered',
        'MeetingHeld',
        'AgendaItemDiscussed',
        'MinutesApproved',
        'MeetingPublished',
      ]),
    );
    for (const e of events.filter((x) => x.type !== 'MeetingScheduled')) expect(e.occurredAt).toBe('2026-02-10T09:30:00.000Z');
    const recs = await gql(
      app.url,
      'query($id: ID!) { meeting(id: $id) { quorum guests { category } recommendations { id number status leadUnitId } } }',
      { id: meetingId },
      w.oversight,
    );
    expect(recs.data!.meeting).toMatchObject({ quorum: true, guests: [{ category: 'MEDIA' }, { category: 'OMBUDSMAN' }] });
    expect(
      (recs.data!.meeting.recommendations as Array<{ number: string; status: string; leadUnitId: string }>)
        .map((r) => [r.number, r.status, r.leadUnitId])
        .sort(),
    ).toEqual([
      ['1', 'ASSIGNED', w.unitA],
      ['2', 'ASSIGNED', w.unitA],
      ['3', 'ASSIGNED', w.unitB],
    ]);

    for (const r of recs.data!.meeting.recommendations as Array<{ id: string; number: string }>) recIds[r.number] = r.id;
    // The public sees the published meeting.
    const anon = await newPage(browser, base, 'kk');
    await anon.page.goto(`/meetings/${meetingId}`);
    await anon.page.getByText('Ауладағы бейнебақылауды кеңейту').waitFor();
    await anon.context.close();
    await context.close();
  });
  it('carries the story on: the district unit works one with evidence, the secretary grants, returns, verifies; the patrol unit disputes another', async () => {
    const unit = await newPage(browser, base, 'kk');
    const up = unit.page;
    await signInWith(up, w.tokenA, `/unit/recommendations/${recIds['1']}`);
    await up.getByRole('heading', { level: 1, name: '№ 1 ұсыным' }).waitFor();
    await up.getByRole('region', { name: 'Орындауға қабылдау' }).getByRole('button', { name: 'Қабылдау' }).click();
    await up.getByText('Ұсыным орындауға қабылданды.').waitFor();
    const progress = up.getByRole('region', { name: 'Орындалу барысы туралы баяндау' });
    await progress.getByLabel('Орындалды, %').fill('50');
    await progress.getByLabel('Не істелді').fill('Камералар сатып алынды');
    await progress.getByLabel('Файлдарды тіркеу').setInputFiles({ name: 'шот.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await progress.getByText('жүктелді').waitFor();
    await progress.getByRole('button', { name: 'Баяндаманы жіберу' }).click();
    await up.getByText('Орындалу барысы туралы баяндама жіберілді.').waitFor();
    await up.getByRole('button', { name: 'Мерзімді ұзартуды сұрау' }).click();
    const extension = up.getByRole('region', { name: 'Мерзімді ұзартуды сұрау' });
    await extension.getByLabel('Жаңа мерзім').fill('31.03.2027');
    await extension.getByLabel('Себебі').fill('Жеткізу кешіктірілді');
    await extension.getByRole('button', { name: 'Ұзартуды сұрау' }).click();
    await up.getByText('Ұзарту туралы сұрау жіберілді.').waitFor();

    // The patrol unit disputes recommendation 3.
    const patrol = await newPage(browser, base, 'kk');
    await signInWith(patrol.page, w.tokenB, `/unit/recommendations/${recIds['3']}`);
    const dispute = patrol.page.getByRole('region', { name: 'Дау айту' });
    await dispute.getByLabel('Негіздеме').fill('Бұл біздің құзыретімізге жатпайды');
    await dispute.getByRole('button', { name: 'Дау айту' }).click();
    await patrol.page.getByText('Ұсынымға дау айтылды.').waitFor();
    await patrol.context.close();

    // The secretary's queue: one extension to decide, one dispute.
    const sec = await newPage(browser, base, 'kk');
    const sp = sec.page;
    await signInWith(sp, w.secretary, '/secretary');
    await sp.getByRole('link', { name: 'Жұмыс кезегі' }).click();
    await sp.getByRole('heading', { level: 2, name: 'Мерзімді ұзарту сұраулары (1)' }).waitFor();
    await sp.getByRole('heading', { level: 2, name: 'Дау айтылғандар (1)' }).waitFor();
    expect(await seriousA11yViolations(sp)).toEqual([]);
    await screenshot(sp, 'kk-desktop-secretary-queue');
    const extensions = sp.getByRole('region', { name: /Мерзімді ұзарту сұраулары/ });
    await extensions.getByRole('button', { name: 'Мерзімді ұзарту' }).click();
    await sp.getByRole('heading', { level: 2, name: 'Мерзімді ұзарту сұраулары (0)' }).waitFor();

    // The unit reports implementation; the secretary returns it once, then verifies it.
    await up.reload();
    await up.getByRole('button', { name: 'Орындалғаны туралы баяндау' }).click();
    const impl = up.getByRole('region', { name: 'Орындалғаны туралы баяндау' });
    await impl.getByLabel('Орындау қорытындысы').fill('Бейнебақылау орнатылды');
    await impl.getByLabel('Файлдарды тіркеу').setInputFiles({ name: 'акт.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await impl.getByText('жүктелді').waitFor();
    await impl.getByRole('button', { name: 'Орындалғаны туралы баяндау' }).click();
    await up.getByText('Орындалғаны туралы баяндама жіберілді.').waitFor();
    await sp.reload();
    const reports = sp.getByRole('region', { name: /Орындалғаны туралы баяндамалар/ });
    await reports.getByText('акт.pdf').waitFor();
    await reports.getByRole('button', { name: 'Ашу' }).first().click();
    await reports.locator('iframe').first().waitFor();
    // Returning needs a reason: checked before sending, in Kazakh.
    await reports.getByRole('button', { name: 'Пысықтауға қайтару' }).click();
    await reports.getByText('Бұл шешім үшін негіздеме көрсетіңіз.').waitFor();
    await reports.getByLabel('Негіздеме / ескертпе').fill('Суреттер жоқ');
    await reports.getByRole('button', { name: 'Пысықтауға қайтару' }).click();
    await sp.getByRole('heading', { level: 2, name: 'Орындалғаны туралы баяндамалар (0)' }).waitFor();
    await up.reload();
    // The unit sees why its report came back.
    await up.getByRole('note').getByText('Суреттер жоқ').waitFor();
    await up.getByRole('button', { name: 'Орындалғаны туралы баяндау' }).click();
    await impl.getByLabel('Орындау қорытындысы').fill('Бейнебақылау орнатылды, суреттер қоса берілді');
    await impl.getByRole('button', { name: 'Орындалғаны туралы баяндау' }).click();
    await up.getByText('Орындалғаны туралы баяндама жіберілді.').waitFor();
    await sp.reload();
    await reports.getByRole('button', { name: 'Орындалғанын растау' }).click();
    await sp.getByRole('heading', { level: 2, name: 'Жабылғандар (1)' }).waitFor();
    expect(problemsOf(sp)).toEqual([]);
    expect(problemsOf(up)).toEqual([]);
    const history = await gql(
      app.url,
      'query($s: String!) { history(streamId: $s) { type } }',
      { s: `recommendation-${recIds['1']}` },
      w.oversight,
    );
    expect((history.data!.history as Array<{ type: string }>).map((e) => e.type)).toEqual([
      'RecommendationAdopted',
      'ResponsibilityAssigned',
      'RecommendationAccepted',
      'ProgressReported',
      'DeadlineExtensionRequested',
      'DeadlineExtended',
      'ImplementationReported',
      'ImplementationReturned',
      'ImplementationReported',
      'ImplementationVerified',
    ]);
    await sec.context.close();
    await unit.context.close();

    // Oversight sees it all in the dashboard.
    const ov = await newPage(browser, base, 'ru');
    await signInWith(ov.page, await token(['oversight'], 'Прокурор', 'prosecutor'), '/dashboard');
    const figure = (label: string) =>
      ov.page.locator('.figure', { has: ov.page.getByText(label, { exact: true }) }).locator('.figure-value');
    await eventually(() => expect(figure('Исполнено из закрытых').textContent()).resolves.toMatch(/^100\s?%$/));
    await eventually(() => expect(figure('Не закрыто').textContent()).resolves.toBe('2'));
    await ov.context.close();
  });

  it('gives the published meeting a title later and corrects it, and the public page follows', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await signInWith(page, w.secretary, `/secretary/meetings/${meetingId}`);
    await page.getByText('Тема не указана').waitFor();
    await page.getByRole('button', { name: 'Добавить тему' }).click();
    const form = page.getByRole('form', { name: 'Тема заседания' });
    // Neither language given: said so, nothing sent.
    await form.getByRole('button', { name: 'Сохранить тему' }).click();
    await form.getByRole('alert').getByText('Укажите тему хотя бы на одном языке.').waitFor();
    await form.getByLabel('Тема (на казахском)').fill('Қоғамдық тәртіп және жол қауіпсіздігі');
    await form.getByLabel('Тема (на русском)').fill('Общественный порядок и безопасность дорожного движенья');
    await form.getByRole('button', { name: 'Сохранить тему' }).click();
    await page.locator('.meeting-title').getByText('Общественный порядок и безопасность дорожного движенья').waitFor();
    // The typo fixed: the form opens with the title as it stands, only the Russian is retyped.
    await page.getByRole('button', { name: 'Изменить тему' }).click();
    await expect(form.getByLabel('Тема (на казахском)').inputValue()).resolves.toBe('Қоғамдық тәртіп және жол қауіпсіздігі');
    await form.getByLabel('Тема (на русском)').fill('Общественный порядок и безопасность дорожного движения');
    await form.getByRole('button', { name: 'Сохранить тему' }).click();
    await page.locator('.meeting-title').getByText('Общественный порядок и безопасность дорожного движения').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problemsOf(page)).toEqual([]);

    // Each change is an event in the meeting's history, with the title it replaced.
    const history = await gql(
      app.url,
      `{ history(streamId: "meeting-${meetingId}") { type data } }`,
      {},
      await token(['oversight'], 'Прокурор'),
    );
    const changes = (history.data!.history as Array<{ type: string; data: string }>)
      .filter((e) => e.type === 'MeetingTitleChanged')
      .map((e) => JSON.parse(e.data) as { title: { ru: string } });
    expect(changes.map((e) => e.title.ru)).toEqual([
      'Общественный порядок и безопасность дорожного движенья',
      'Общественный порядок и безопасность дорожного движения',
    ]);
    await page.goto(`/meetings/${meetingId}`);
    await page.getByText('Общественный порядок и безопасность дорожного движения').first().waitFor();
    await context.close();
  });

  it('returns to the form with what was typed after the sign-in expired mid-form', async () => {
    // The server must refuse the write too, so the sign-in really expires (the page's clock alone
    // cannot be moved). It must outlast loading the screen and typing, which on a loaded machine
    // may take longer than planned: then the same steps again, with a sign-in that lasts twice as long.
    for (let ttl = 16; ; ttl *= 2) {
      const { context, page } = await newPage(browser, base, 'kk');
      const expiresAt = Date.now() + (ttl - 1) * 1000; // the token's exp is whole seconds
      await signInWith(page, await token([`secretary:${w.bodyId}`], 'Марат Секретарев', w.secretaryId, ttl), '/secretary/queue');
      const closed = page.getByRole('region', { name: /Жабылғандар/ });
      // Reopening is asked for first; back from the sign-in, the typed reason keeps the form open.
      await closed.getByRole('button', { name: 'Қайта ашу' }).first().click();
      await closed.getByLabel('Негіздеме / ескертпе').fill('Қайта тексеру қажет');
      if (Date.now() >= expiresAt) {
        await context.close();
        if (ttl >= 128) throw new Error(`the queue took over ${ttl} s to load and fill`);
        continue;
      }
      // The sign-in runs out while the form is open: the live-update socket is closed at the token's
      // expiry (4401), and the page sends the person to sign in again by itself.
      await page.waitForURL('**/signin?expired=1', { timeout: ttl * 1000 + 30_000 });
      await page.evaluate(`sessionStorage.setItem('gov.session', ${JSON.stringify(w.secretary)})`);
      await page.goto('/secretary/queue');
      await expect(closed.getByLabel('Негіздеме / ескертпе').inputValue()).resolves.toBe('Қайта тексеру қажет');
      await context.close();
      return;
    }
  });
  it('manages the members in Russian: appoints, changes a role, shows a refused role change translated with the choice kept, removes', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await signInWith(page, w.secretary, '/secretary');
    await page.getByRole('link', { name: 'Члены совета' }).click();
    await page.getByRole('heading', { level: 1, name: 'Члены совета' }).waitFor();
    await page.getByLabel('ФИО').fill('Гульнара Абенова');
    await page.getByLabel('Место работы').fill('Общественное объединение «Қамқор»');
    await page.getByRole('button', { name: 'Назначить члена совета' }).click();
    await page.getByRole('rowheader', { name: 'Гульнара Абенова' }).waitFor();
    // A second chair: the domain refuses, the screen says why in Russian and keeps the choice.
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Гульнара Абенова' }) });
    await row.getByLabel('Роль: Гульнара Абенова').selectOption({ label: 'председатель' });
    await row.getByRole('button', { name: 'Сменить роль' }).click();
    await row.getByText('Эта роль уже занята.').waitFor();
    await expect(row.getByLabel('Роль: Гульнара Абенова').inputValue()).resolves.toBe('CHAIR');
    await row.getByLabel('Роль: Гульнара Абенова').selectOption({ label: 'заместитель председателя' });
    await row.getByRole('button', { name: 'Сменить роль' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Гульнара Абенова' })
      .getByRole('button', { name: 'Сменить роль' })
      .and(page.locator(':disabled'))
      .waitFor();
    const body = await gql(app.url, 'query($id: ID!) { body(id: $id) { members { fullName role } } }', { id: w.bodyId }, w.oversight);
    expect(body.data!.body.members).toContainEqual({ fullName: 'Гульнара Абенова', role: 'DEPUTY_CHAIR' });
    // Read as a composition: the chair, the deputy, the secretary, then the members by name.
    await eventually(() =>
      expect(page.getByRole('rowheader').allTextContents()).resolves.toEqual([
        'Айгуль Шопшеебаева',
        'Гульнара Абенова',
        'Марат Секретарев',
        'Арман Бердагулов',
        'Сауле Токушева',
      ]),
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    // On a phone every member's role and its control are on the screen, not cut off in a sideways-scrolling table.
    await page.setViewportSize({ width: 360, height: 800 });
    const role = await page.getByLabel('Роль: Сауле Токушева').boundingBox();
    expect(role!.x + role!.width).toBeLessThanOrEqual(360);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('button', { name: 'Вывести из состава: Гульнара Абенова' }).click();
    // Removal asks once more.
    await page.getByRole('group', { name: 'Вывести из состава: Гульнара Абенова' }).getByRole('button', { name: 'Да, вывести' }).click();
    await page.getByRole('rowheader', { name: 'Гульнара Абенова' }).waitFor({ state: 'detached' });
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('schedules a meeting in Russian typed as дд.мм.гггг чч:мм: the meeting shows that date and time, and its steps are dated by it', async () => {
    const { context, page } = await newPage(browser, base, 'ru', WIDE, 'Asia/Almaty');
    await signInWith(page, w.secretary, '/secretary');
    const schedule = page.getByRole('form', { name: 'Запланировать заседание' });
    await schedule.getByLabel('Номер').fill('3/2026');
    const startsAt = schedule.getByLabel('Дата и время');
    await expect(described(startsAt)).resolves.toBe('(дд.мм.гггг чч:мм)');
    // 31 February is no day: said on leaving the field, in Russian, and gone once the date is right.
    await startsAt.fill('31.02.2026 14:30');
    await startsAt.blur();
    const wrong = schedule.getByRole('alert').getByText('Введите дату и время как дд.мм.гггг чч:мм, например 10.02.2026 14:30.');
    await wrong.waitFor();
    await photograph(page, 'ru-secretary-date-field-wrong');
    await startsAt.fill('10.02.2026 14:30');
    await wrong.waitFor({ state: 'detached' });
    await schedule.getByLabel('Место').fill('Караганда, ДП, актовый зал');
    await schedule.getByRole('button', { name: 'Запланировать' }).click();
    await page.getByRole('heading', { level: 1, name: 'Заседание № 3/2026' }).waitFor();
    await page.locator('.lead', { hasText: '10 февр. 2026 г., 14:30' }).waitFor();
    const id = page.url().split('/').pop()!;
    const saved = await gql(app.url, 'query($id: ID!) { meeting(id: $id) { startsAt } }', { id }, w.oversight);
    expect(saved.data!.meeting.startsAt).toBe('2026-02-10T09:30:00.000Z');

    // The steps' business time is the meeting's own, shown and typed the same way; a time still ahead is refused at the field.
    await page.getByText('Шаги датируются: 10 февр. 2026 г., 14:30').click();
    const businessTime = page.getByLabel('Время событий (по умолчанию — время заседания)');
    await expect(businessTime.inputValue()).resolves.toBe('10.02.2026 14:30');
    await businessTime.fill('10.02.2099 14:30');
    await businessTime.blur();
    await page
      .getByRole('alert')
      .getByText(/^Не позднее \d\d\.\d\d\.\d{4} \d\d:\d\d\.$/)
      .waitFor();
    await page.getByText('Шаги датируются: 10 февр. 2026 г., 14:30').waitFor();
    await businessTime.fill('11.02.2026 09:00');
    await page.getByText('Шаги датируются: 11 февр. 2026 г., 09:00').waitFor();
    await photograph(page, 'ru-secretary-business-time');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('opens the next meeting with a report-back item covering meeting 1/2026', async () => {
    const next = (
      await mutate(
        app,
        'scheduleMeeting',
        { bodyId: w.bodyId, number: '2/2026', kind: 'REGULAR', startsAt: '2026-05-10T10:00:00Z', place: 'Қарағанды', format: 'IN_PERSON' },
        w.secretary,
        'meeting { id }',
      )
    ).meeting.id as string;
    const { context, page } = await newPage(browser, base, 'kk');
    await signInWith(page, w.secretary, `/secretary/meetings/${next}`);
    await page.getByRole('button', { name: 'Өткен отырыстар бойынша есеп беру мәселесін қосу' }).click();
    const form = page.getByRole('form', { name: 'Өткен отырыстар ұсынымдарының орындалуы туралы есеп' });
    await form.getByRole('button', { name: 'Есеп беру мәселесін қосу' }).click();
    await form.getByText('Атауын және кем дегенде бір отырысты көрсетіңіз.').waitFor();
    await form.getByLabel('Мәселе (қазақша)').fill('№ 1/2026 отырыс ұсынымдарының орындалуы');
    await form.getByLabel(/№ 1\/2026 отырыс/).check();
    await form.getByRole('button', { name: 'Есеп беру мәселесін қосу' }).click();
    await page.locator('.agenda-edit li', { hasText: '№ 1/2026 отырыс ұсынымдарының орындалуы' }).getByText('Есеп').waitFor();
    const r = await gql(
      app.url,
      'query($id: ID!) { meeting(id: $id) { agenda { reportBack { coversMeetingIds } } } }',
      { id: next },
      w.oversight,
    );
    expect(r.data!.meeting.agenda).toEqual([{ reportBack: { coversMeetingIds: [meetingId] } }]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('passes the accessibility check and is photographed on every secretary screen, in Kazakh and Russian, on phone and desktop', async () => {
    for (const lang of ['kk', 'ru'] as const)
      for (const [viewport, width] of [
        [DESKTOP, 'desktop'],
        [PHONE, 'phone'],
      ] as const) {
        const { context, page } = await newPage(browser, base, lang, viewport);
        await signInWith(page, w.secretary, '/secretary');
        for (const [path, name] of [
          ['/secretary', 'secretary-meetings'],
          [`/secretary/meetings/${meetingId}`, 'secretary-meeting'],
          ['/secretary/queue', 'secretary-queue'],
          ['/secretary/members', 'secretary-members'],
        ] as const) {
          await page.goto(path);
          await page.locator('main h1').waitFor();
          await page
            .getByRole('status')
            .filter({ hasText: /Жүктелуде|Загрузка/ })
            .waitFor({ state: 'detached' });
          expect(await seriousA11yViolations(page)).toEqual([]);
          await screenshot(page, `${lang}-${width}-${name}`);
        }
        expect(problemsOf(page)).toEqual([]);
        await context.close();
      }
  }, 180_000);
});
