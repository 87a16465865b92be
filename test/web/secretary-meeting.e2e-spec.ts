import { Browser, Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, TEST_SECRET, gql, startApp } from '../support/app-process';
import { World, establishWorld } from '../support/scenario';
import { DESKTOP, PHONE, launchBrowser, newPage, problemsOf, screenshot, seriousA11yViolations } from './browser';

async function signInWith(page: Page, bearer: string, path: string) {
  await page.goto('/');
  await page.evaluate((t) => sessionStorage.setItem('gov.session', t), bearer);
  await page.goto(path);
}

/** The Karaganda body's secretary records meeting 1/2026 after the fact, in Kazakh. */
describe("the secretary's meeting workspace in Kazakh", () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let w: World;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gov-web-sec-'));
    writeFileSync(join(dataDir, 'dev-jwt-secret'), TEST_SECRET, { mode: 0o600 });
    [app, browser] = await Promise.all([startApp({ AUTH_JWT_SECRET: '', GOVERNANCE_DATA_DIR: dataDir }, 'npm start'), launchBrowser()]);
    base = app.url.replace('/graphql', '');
    w = await establishWorld(app);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.cleanup();
  });

  it('schedules, builds the agenda, records it held with attendance and guests, minutes, adopts and assigns, approves and publishes', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    await signInWith(page, w.secretary, '/');
    await page.getByRole('link', { name: 'Хатшы жұмысы' }).click();
    await page.getByRole('heading', { level: 1, name: 'Отырыстар' }).waitFor();
    const schedule = page.getByRole('form', { name: 'Отырысты жоспарлау' });
    await schedule.getByLabel('Нөмірі').fill('1/2026');
    await schedule.getByLabel('Күні мен уақыты').fill('2026-02-05T10:00');
    await schedule.getByLabel('Өтетін орны').fill('Қарағанды, ПД, мәжіліс залы');
    await schedule.getByLabel('Өткізу нысаны').selectOption({ label: 'Аралас' });
    await schedule.getByRole('button', { name: 'Жоспарлау' }).click();
    await page.getByRole('heading', { level: 1, name: '№ 1/2026 отырыс' }).waitFor();
    const meetingId = page.url().split('/').pop()!;

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
    await expect(page.locator('.agenda-edit li').first().textContent()).resolves.toMatch(/Қоғамдық тәртіпті сақтау/);

    // Held: three of four members (quorum as computed) and two guests.
    await page.getByLabel(/Айгуль Шопшеебаева/).check();
    await page.getByText('4 мүшенің 1 қатысуда — кворум жоқ').waitFor();
    await page.getByLabel(/Марат Секретарев/).check();
    await page.getByLabel(/Арман Бердагулов/).check();
    await page.getByText('4 мүшенің 3 қатысуда — кворум бар').waitFor();
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
    await page.getByRole('heading', { name: 'Қатысу' }).waitFor();
    await page.getByText('Елена Омбудсменова, Адам құқықтары жөніндегі уәкіл аппараты (Адам құқықтары жөніндегі уәкіл)').waitFor();

    // Minutes of the first item, three recommendations assigned to two units.
    const first = page.getByRole('region', { name: '1. Қоғамдық тәртіпті сақтау' });
    await first.getByLabel('Хаттама (қазақша)').fill('Учаскелік инспекторлардың есебі тыңдалды.');
    await first.getByRole('button', { name: 'Хаттаманы сақтау' }).click();
    await first.getByText('Мәселе бойынша хаттама сақталды.').waitFor();
    const adopt = async (region: string, number: string, text: string, lead: string, due: string) => {
      const form = page.getByRole('region', { name: region }).getByRole('form', { name: 'Ұсыным қабылдау' });
      await form.getByLabel('Нөмірі').fill(number);
      await form.getByLabel('Мәтіні (қазақша)').fill(text);
      await form.getByLabel('Басымдығы').selectOption({ label: 'Жоғары' });
      await form.getByLabel('Негізгі орындаушы').selectOption({ label: lead });
      await form.getByLabel('Мерзімі').fill(due);
      await form.getByRole('button', { name: 'Ұсынымды қабылдау' }).click();
      await page.getByRole('link', { name: `№ ${number} ${text}` }).waitFor();
    };
    await adopt('1. Қоғамдық тәртіпті сақтау', '1', 'Ауладағы бейнебақылауды кеңейту', 'УП района Казыбек би', '2026-12-31');
    await adopt('1. Қоғамдық тәртіпті сақтау', '2', 'Учаскелік пункттердің жұмыс уақытын ұзарту', 'УП района Казыбек би', '2027-03-01');
    await adopt(
      '2. Жол қозғалысының қауіпсіздігі',
      '3',
      'Мектеп маңында патрульдеуді күшейту',
      'Управление административной полиции',
      '2026-09-01',
    );
    await screenshot(page, 'kk-desktop-secretary-meeting-held');
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      await page.setViewportSize(viewport);
      await screenshot(page, `kk-${width}-secretary-meeting`);
    }
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'Хаттаманы бекіту' }).click();
    await page.getByText('Хаттамасы бекітілген').first().waitFor();
    await page.getByRole('button', { name: 'Жариялау' }).click();
    await page.locator('.badge', { hasText: 'жарияланды' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
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
    for (const e of events.filter((x) => x.type !== 'MeetingScheduled')) expect(e.occurredAt.slice(0, 10)).toBe('2026-02-05');
    const recs = await gql(
      app.url,
      'query($id: ID!) { meeting(id: $id) { quorum guests { category } recommendations { number status leadUnitId } } }',
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

    // The public sees the published meeting.
    const anon = await newPage(browser, base, 'kk');
    await anon.page.goto(`/meetings/${meetingId}`);
    await anon.page.getByText('Ауладағы бейнебақылауды кеңейту').waitFor();
    await anon.context.close();
    await context.close();
  });
});
