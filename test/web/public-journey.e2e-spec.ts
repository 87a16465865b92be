import { Browser } from 'playwright-core';
import { RunningApp, startApp } from '../support/app-process';
import { VIEWPORTS, download, eventually, figure, newPage, problemsOf, screenshot, seriousA11yViolations } from './browser';
import { startRig, stopRig } from './work';
import { Portal, seedPortal } from './seed';

/** An anonymous reader follows a body to its published meeting and a recommendation, in Kazakh. */
describe('the public portal in Kazakh', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let portal: Portal;

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startApp({}, 'npm start')));
    portal = await seedPortal(app);
  }, 180_000);
  afterAll(() => stopRig(browser, app));

  it('goes from the home page to a meeting and a recommendation, each at a shareable address, with no serious accessibility violation', async () => {
    for (const [viewport, width] of VIEWPORTS) {
      const { context, page } = await newPage(browser, base, 'kk', viewport);
      await page.goto('/');
      const card = page.getByRole('region', { name: 'Консультативтік-кеңесші орган' });
      await card.waitFor();
      // Headline figures over published recommendations: 3 adopted, 2 open, 1 overdue, 1 implemented;
      // each rate named by what it divides: 1 of 3 adopted, 1 of 1 closed.
      for (const [label, value] of [
        ['Қабылданды', /^3$/],
        ['Жабылмаған', /^2$/],
        ['Мерзімі өткен', /^1$/],
        ['Орындалды', /^1$/],
        ['Қабылданғандардың орындалғаны', /^33,3\s?%$/],
        ['Жабылғандардың орындалғаны', /^100\s?%$/],
      ] as const)
        await eventually(() => expect(figure(card, label).textContent()).resolves.toMatch(value));
      await card.getByText('орындалды ÷ (орындалды + орындалмаған деп жабылды)').waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `kk-${width}-home`);

      await card.getByRole('link', { name: /№ 1\/2026 отырыс/ }).click();
      await page.waitForURL(`**/meetings/${portal.meetingId}`);
      await page.getByRole('heading', { level: 1, name: /№ 1\/2026 отырыс/ }).waitFor();
      await page.getByText('4 мүшенің 3-і қатысты').waitFor();
      // Attendance: who was present and absent, with the role they had, and the guests by category.
      const attendance = page.locator('.attendance');
      await attendance.getByRole('listitem').filter({ hasText: 'Айгуль Шопшеебаева' }).getByText('— төраға').waitFor();
      const absent = attendance.locator('div', { has: page.getByRole('heading', { name: 'Қатыспағандар' }) });
      await absent.getByText('Сауле Токушева').waitFor();
      await expect(absent.getByRole('listitem').count()).resolves.toBe(1);
      await attendance.getByText('Корреспондент').waitFor();
      if (width === 'desktop') {
        // The minutes PDF, fetched for the reader and saved, says which log position it reflects.
        const minutes = await download(page, page.getByRole('button', { name: 'Хаттама (PDF)' }));
        expect(minutes.name).toBe('minutes-1-2026-kk.pdf');
        expect(minutes.bytes.subarray(0, 5).toString()).toBe('%PDF-');
        await page.getByText(/^Жүктелді: журналдың \d+ позициясындағы күйі/).waitFor();
        // No report-back item on this meeting, so no report-back button.
        await expect(page.getByRole('button', { name: /есеп \(PDF\)/ }).count()).resolves.toBe(0);
      }
      await page.getByText('Учаскелік инспекторлардың есебі тыңдалды.').waitFor();
      await page.getByRole('heading', { name: 'Жол қозғалысының қауіпсіздігі' }).waitFor();
      const overdueRow = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: /Ауладағы бейнебақылауды кеңейту/ }) });
      await overdueRow.getByText('Мерзімі өткен').waitFor();
      // Recommendations under an item in number order.
      await expect(page.locator('.recs').nth(1).getByRole('link').allTextContents()).resolves.toEqual([
        expect.stringMatching(/^2\./),
        expect.stringMatching(/^3\./),
      ]);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `kk-${width}-meeting`);

      await overdueRow.getByRole('link').click();
      await page.waitForURL(`**/recommendations/${portal.recs.overdue}`);
      await page.getByRole('heading', { level: 1, name: '№ 1 ұсыным' }).waitFor();
      const facts = page.locator('dl.facts');
      await facts.getByText('УП района Казыбек би').waitFor();
      await facts.getByText('Управление административной полиции').waitFor();
      // A unit named only in Russian shows its Russian name, marked as another language.
      await expect(page.locator('dd span[lang="ru"]').first().textContent()).resolves.toContain('(RU)');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `kk-${width}-recommendation`);

      // The address alone opens the same page (shared link, fresh tab).
      const other = await context.newPage();
      await other.goto(`/recommendations/${portal.recs.overdue}`);
      await other.getByRole('heading', { level: 1, name: '№ 1 ұсыным' }).waitFor();
      expect(problemsOf(page)).toEqual([]);
      await context.close();
    }
  });

  it("shows an implemented recommendation's typed timeline and its evidence by name and hash, with nothing to download", async () => {
    for (const [viewport, width] of VIEWPORTS) {
      const { context, page } = await newPage(browser, base, 'kk', viewport);
      await page.goto(`/recommendations/${portal.recs.implemented}`);
      await page.getByRole('heading', { level: 1, name: '№ 3 ұсыным' }).waitFor();
      const timeline = page.locator('.timeline');
      for (const kind of [
        'Қабылданды',
        'Орындаушылар мен мерзім белгіленді',
        'Бөлімше қабылдады',
        'Орындалғаны хабарланды',
        'Орындалуы расталды',
      ])
        await timeline.getByText(kind, { exact: true }).waitFor();
      await timeline.getByText('Тексерілді').waitFor();
      // Anonymous readers do not get the log, so no hash-chain mark.
      await expect(page.getByTestId('chain').count()).resolves.toBe(0);
      const evidence = page.getByRole('region', { name: 'Растайтын материалдар' });
      await evidence.getByText(portal.evidenceFile.name).waitFor();
      await evidence.getByText(`SHA-256 ${portal.evidenceFile.sha256}`).waitFor();
      await evidence.getByText(`SHA-256 ${'a'.repeat(64)}`).waitFor();
      await expect(evidence.getByRole('link').count()).resolves.toBe(0);
      await expect(evidence.getByRole('button').count()).resolves.toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `kk-${width}-recommendation-evidence`);
      expect(problemsOf(page)).toEqual([]);
      await context.close();
    }
  });

  it('shows the body page with its meetings, and says so when a meeting is not published', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    await page.goto(`/bodies/${portal.w.bodyId}`);
    await page.getByRole('heading', { level: 1, name: 'Консультативтік-кеңесші орган' }).waitFor();
    await page.getByRole('link', { name: /№ 1\/2026 отырыс/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'kk-desktop-body');
    await page.goto('/meetings/7d1b0a52-1111-4111-8111-111111111111');
    await page.getByRole('alert').getByText('Бұл мекенжайда ештеңе жарияланбаған.').waitFor();
    await context.close();
  });
});
