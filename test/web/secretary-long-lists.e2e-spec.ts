import { Browser, Page } from 'playwright-core';
import { RunningApp, gql, token } from '../support/app-process';
import { World, establishWorld, heldMeeting, mutate } from '../support/scenario';
import { DESKTOP, VIEWPORTS, eventually, newPage, problemsOf, screenshot, seriousA11yViolations } from './browser';
import { signInWith, startRig, startWebApp, stopRig } from './work';

// Three are decided in the tests below; the rest still fill more than one page.
const DISPUTED = 24;
const EXTENSIONS = 3;
const SCHEDULED = 21;

async function eventsOf(app: RunningApp, streamId: string, bearer: string): Promise<string[]> {
  const r = await gql(app.url, 'query($s: String!) { history(streamId: $s) { type } }', { s: streamId }, bearer);
  return (r.data!.history as Array<{ type: string }>).map((e) => e.type);
}

/** The recommendation numbers of the cards a queue section shows. */
async function numbersIn(section: ReturnType<Page['getByRole']>): Promise<string[]> {
  return (await section.locator('li.queue-item h3').allTextContents()).map((t) => t.match(/№ (\d+)/)![1]!);
}

/** A body with more work than one page holds: disputes, extension requests and scheduled meetings. */
describe("the secretary's long lists and writes refused as stale", () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let w: World;
  let otherSecretary: string;
  let scheduledId: string;
  const recs: string[] = [];

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startWebApp()));
    w = await establishWorld(app);
    otherSecretary = await token([`secretary:${w.bodyId}`], 'Айгуль Хатшыева', 'secretary-2');
    const { meetingId, itemId } = await heldMeeting(app, w, '1/2026', '2026-02-05T10:00:00Z', { ru: 'О профилактике правонарушений' });
    // Each recommendation is its own stream: written side by side.
    const ids = await Promise.all(
      Array.from({ length: DISPUTED + EXTENSIONS }, async (_, i) => {
        const id = (
          await mutate(
            app,
            'adoptRecommendation',
            {
              meetingId,
              agendaItemId: itemId,
              number: String(i + 1),
              text: { ru: `Мера ${i + 1}` },
              origin: 'BODY',
              priority: 'NORMAL',
              occurredAt: '2026-02-05T12:00:00Z',
            },
            w.secretary,
            'recommendation { id }',
          )
        ).recommendation.id as string;
        const due = new Date(Date.UTC(2026, 5, 1 + i)).toISOString().slice(0, 10);
        // Number 2 has a co-executor, which a reassignment keeps.
        await mutate(
          app,
          'assignResponsibility',
          { recommendationId: id, leadUnitId: w.unitA, coExecutorUnitIds: i === 1 ? [w.unitB] : [], dueDate: due },
          w.secretary,
          'recommendation { id }',
        );
        if (i < DISPUTED)
          await mutate(
            app,
            'disputeRecommendation',
            { recommendationId: id, justification: 'Не наша компетенция' },
            w.tokenA,
            'recommendation { id }',
          );
        else
          await mutate(
            app,
            'requestDeadlineExtension',
            { recommendationId: id, requestedDueDate: '2027-06-30', reason: 'Нет финансирования' },
            w.tokenA,
            'recommendation { id }',
          );
        return id;
      }),
    );
    recs.push(...ids);
    for (let i = 0; i < SCHEDULED; i++) {
      const m = await mutate(
        app,
        'scheduleMeeting',
        {
          bodyId: w.bodyId,
          number: `${i + 1}/2027`,
          kind: 'REGULAR',
          startsAt: new Date(Date.UTC(2027, 0, 10 + i, 10)).toISOString(),
          place: 'Караганда',
          format: 'IN_PERSON',
        },
        w.secretary,
        'meeting { id }',
      );
      scheduledId = m.meeting.id as string;
    }
  }, 300_000);
  afterAll(() => stopRig(browser, app));

  it('pages the work queue and the meetings, each count true for the whole list, not the page on screen', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await signInWith(page, w.secretary, '/secretary/queue');
    const disputes = page.getByRole('region', { name: /^Оспоренные/ });
    await disputes.getByRole('heading', { level: 2, name: `Оспоренные (${DISPUTED})` }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Запросы о продлении (${EXTENSIONS})` }).waitFor();
    const figure = page.locator('.figure', { has: page.getByText('Оспоренные', { exact: true }) }).locator('.figure-value');
    await eventually(() => expect(figure.textContent()).resolves.toBe(String(DISPUTED)));
    await disputes.getByText(`Показано 20 из ${DISPUTED}`).waitFor();
    const first = await numbersIn(disputes);
    expect(first).toHaveLength(20);
    // By due date: the earliest twenty first.
    expect(first).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));

    await disputes.getByRole('link', { name: 'Следующая страница' }).click();
    await disputes.getByText(`Показано ${DISPUTED - 20} из ${DISPUTED}`).waitFor();
    await disputes.getByRole('heading', { level: 2, name: `Оспоренные (${DISPUTED})` }).waitFor();
    const second = await numbersIn(disputes);
    expect(new Set([...first, ...second]).size).toBe(DISPUTED);
    // The other sections stay on their first page.
    await expect(numbersIn(page.getByRole('region', { name: /^Запросы о продлении/ }))).resolves.toEqual(
      Array.from({ length: EXTENSIONS }, (_, i) => String(DISPUTED + i + 1)),
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A decision on the second page: the counts follow the whole list.
    const last = disputes.locator('li.queue-item').last();
    await last.getByLabel('Основание / примечание').fill('Рекомендация утратила актуальность');
    await last.getByRole('button', { name: 'Отозвать' }).click();
    await last.getByRole('button', { name: 'Да, отозвать' }).click();
    await disputes.getByRole('heading', { level: 2, name: `Оспоренные (${DISPUTED - 1})` }).waitFor();
    await eventually(() => expect(figure.textContent()).resolves.toBe(String(DISPUTED - 1)));
    await page.getByRole('heading', { level: 2, name: 'Закрытые (1)' }).waitFor();
    await disputes.getByRole('link', { name: 'В начало' }).click();
    await disputes.getByText(`Показано 20 из ${DISPUTED - 1}`).waitFor();

    await page.goto('/secretary');
    const scheduled = page.getByRole('region', { name: /^Запланированные/ });
    await scheduled.getByRole('heading', { level: 2, name: `Запланированные (${SCHEDULED})` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Проведённые (1)' }).waitFor();
    await expect(scheduled.getByRole('listitem').count()).resolves.toBe(20);
    await scheduled.getByRole('link', { name: 'Следующая страница' }).click();
    await scheduled.getByText(`Показано 1 из ${SCHEDULED}`).waitFor();
    // Newest first: the earliest meeting is the one left for the second page.
    await scheduled.getByRole('link', { name: '№ 1/2027' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it("shows a secretary's stale decision who did what meanwhile, keeps the reason and writes it once on retry", async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await signInWith(page, w.secretary, '/secretary/queue');
    const disputes = page.getByRole('region', { name: /^Оспоренные/ });
    const card = disputes.locator('li.queue-item', { has: page.getByRole('heading', { name: '№ 1 Мера 1' }) });
    await card.getByLabel('Основание / примечание').fill('Вне компетенции совета');
    // The unit writes first: the card's revision is now stale.
    await mutate(app, 'addComment', { recommendationId: recs[0], text: 'Готовы обсудить' }, w.tokenA, 'recommendation { id }');
    await card.getByRole('button', { name: 'Закрыть как неисполненную' }).click();
    await card.getByRole('button', { name: 'Да, закрыть' }).click();
    await card.getByText(/Пока вы заполняли форму, запись изменилась/).waitFor();
    const changed = card.getByRole('alert').filter({ hasText: 'Запись изменилась с тех пор, как вы её открыли:' });
    await changed.getByText('Officer of district A: добавил(а) комментарий').waitFor();
    await expect(card.getByLabel('Основание / примечание').inputValue()).resolves.toBe('Вне компетенции совета');
    expect(await seriousA11yViolations(page)).toEqual([]);
    for (const [viewport, width] of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, `ru-${width}-secretary-queue-stale`);
    }
    await page.setViewportSize(DESKTOP);
    await card.getByRole('button', { name: 'Повторить на свежих данных' }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 2, name: `Оспоренные (${DISPUTED - 2})` }).waitFor();
    await page
      .getByRole('region', { name: /^Закрытые/ })
      .getByRole('heading', { name: '№ 1 Мера 1' })
      .waitFor();
    expect(
      (await eventsOf(app, `recommendation-${recs[0]}`, w.oversight)).filter((t) => t === 'RecommendationClosedNotImplemented'),
    ).toHaveLength(1);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('reassigns a disputed recommendation with a new due date, keeping its co-executors', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await signInWith(page, w.secretary, '/secretary/queue');
    const card = page
      .getByRole('region', { name: /^Оспоренные/ })
      .locator('li.queue-item', { has: page.getByRole('heading', { name: '№ 2 Мера 2' }) });
    // A date the domain refuses (it was adopted on 5 February 2026) is caught before anything is sent.
    await card.getByLabel('Срок').fill('2026-01-31');
    await card.getByRole('button', { name: 'Переназначить' }).click();
    await card
      .getByRole('alert')
      .getByText(/Срок не может быть раньше дня принятия рекомендации/)
      .waitFor();
    expect((await eventsOf(app, `recommendation-${recs[1]}`, w.oversight)).filter((t) => t === 'ResponsibilityAssigned')).toHaveLength(1);
    await card.getByLabel('Срок').fill('2027-12-31');
    await card.getByRole('button', { name: 'Переназначить' }).click();
    await card.waitFor({ state: 'detached' });
    const r = await gql(
      app.url,
      'query($id: ID!) { recommendation(id: $id) { status leadUnitId coExecutorUnitIds dueDate } }',
      { id: recs[1] },
      w.oversight,
    );
    expect(r.data!.recommendation).toEqual({
      status: 'ASSIGNED',
      leadUnitId: w.unitA,
      coExecutorUnitIds: [w.unitB],
      dueDate: '2027-12-31',
    });
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('does the same on the meeting and the members: who did what, the typed text kept, the retry written', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    await signInWith(page, w.secretary, `/secretary/meetings/${scheduledId}`);
    const add = page.getByRole('form', { name: 'Мәселе қосу' });
    await add.getByLabel('Мәселе (орысша)').fill('О работе участковых');
    await mutate(app, 'addAgendaItem', { meetingId: scheduledId, title: { kk: 'Жол қауіпсіздігі' } }, otherSecretary, 'meeting { id }');
    await add.getByRole('button', { name: 'Мәселе қосу' }).click();
    await add.getByText(/Сіз форманы толтырып жатқанда жазба өзгерді/).waitFor();
    await page.getByRole('alert').getByText('Айгуль Хатшыева: күн тәртібіне мәселе қосты').waitFor();
    await expect(add.getByLabel('Мәселе (орысша)').inputValue()).resolves.toBe('О работе участковых');
    expect(await seriousA11yViolations(page)).toEqual([]);
    for (const [viewport, width] of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await screenshot(page, `kk-${width}-secretary-meeting-stale`);
    }
    await page.setViewportSize(DESKTOP);
    await add.getByRole('button', { name: 'Жаңа деректермен қайталау' }).click();
    await page.locator('.agenda-edit li', { hasText: 'О работе участковых' }).waitFor();
    // Written on the fresh state: that state is now the person's own, nothing left to report.
    await page.getByRole('alert').filter({ hasText: 'Жазба сіз ашқаннан кейін өзгерді:' }).waitFor({ state: 'detached' });
    expect((await eventsOf(app, `meeting-${scheduledId}`, w.oversight)).filter((t) => t === 'AgendaItemAdded')).toHaveLength(2);

    await page.goto('/secretary/members');
    await page.getByLabel('Аты-жөні').fill('Гүлнар Әбенова');
    await mutate(
      app,
      'appointMember',
      { bodyId: w.bodyId, fullName: 'Ерлан Мұқанов', role: 'MEMBER', affiliation: 'Ардагерлер кеңесі' },
      otherSecretary,
      'body { id }',
    );
    await page.getByRole('button', { name: 'Кеңес мүшесін тағайындау' }).click();
    await page.getByRole('alert').getByText('Айгуль Хатшыева: кеңес мүшесін тағайындады').waitFor();
    await expect(page.getByLabel('Аты-жөні').inputValue()).resolves.toBe('Гүлнар Әбенова');
    await page.getByRole('rowheader', { name: 'Ерлан Мұқанов' }).waitFor();
    await page.getByRole('button', { name: 'Түсінікті' }).click();
    await page.getByRole('alert').filter({ hasText: 'Жазба сіз ашқаннан кейін өзгерді:' }).waitFor({ state: 'detached' });
    await expect(page.getByLabel('Аты-жөні').inputValue()).resolves.toBe('Гүлнар Әбенова');
    await page.getByRole('button', { name: 'Жаңа деректермен қайталау' }).click();
    await page.getByRole('rowheader', { name: 'Гүлнар Әбенова' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('is photographed paged, in Kazakh and Russian, on phone and desktop', async () => {
    for (const lang of ['kk', 'ru'] as const)
      for (const [viewport, width] of VIEWPORTS) {
        const { context, page } = await newPage(browser, base, lang, viewport);
        await signInWith(page, w.secretary, '/secretary');
        for (const [path, name] of [
          ['/secretary', 'secretary-meetings-paged'],
          ['/secretary/queue', 'secretary-queue-paged'],
          ['/unit', 'unit-inbox-paged'],
        ] as const) {
          if (path === '/unit') await signInWith(page, w.tokenA, path);
          else await page.goto(path);
          await page.locator('nav.pager').first().waitFor();
          expect(await seriousA11yViolations(page)).toEqual([]);
          await screenshot(page, `${lang}-${width}-${name}`);
        }
        expect(problemsOf(page)).toEqual([]);
        await context.close();
      }
  });
});
