import { Browser, Page } from 'playwright-core';
import { RunningApp, gql } from '../support/app-process';
import { World, establishWorld, scheduleMeeting, tryMutate } from '../support/scenario';
import { NARROW, newPage, problemsOf, screenshot, seriousA11yViolations, sidewaysOverflow } from './browser';
import { signInWith, startRig, startWebApp, stopRig } from './work';

/** A time in Karaganda (UTC+5) as the date fields take it: dd.mm.yyyy hh:mm. */
function typed(at: Date): string {
  const k = new Date(at.getTime() + 5 * 3_600_000).toISOString();
  return `${k.slice(8, 10)}.${k.slice(5, 7)}.${k.slice(0, 4)} ${k.slice(11, 16)}`;
}

const DAY = 86_400_000;

async function meetingOf(app: RunningApp, w: World, id: string) {
  const r = await gql(
    app.url,
    'query($id: ID!) { meeting(id: $id) { status startsAt place cancelReason published } }',
    { id },
    w.oversight,
  );
  return r.data!.meeting as { status: string; startsAt: string; place: string; cancelReason: string | null; published: boolean };
}

async function checked(page: Page, name: string): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
  await screenshot(page, name);
}

/** What a secretary can put right, and what asks once more before it cannot be undone, on a phone in Russian. */
describe("the secretary's corrections and final steps", () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let w: World;

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startWebApp()));
    w = await establishWorld(app);
  }, 180_000);
  afterAll(() => stopRig(browser, app));

  it('a meeting still ahead is not recorded as held (at its field, and by the server), but is moved and then cancelled with a reason', async () => {
    const ahead = new Date(Date.now() + 10 * DAY);
    ahead.setUTCHours(6, 0, 0, 0);
    const { meetingId } = await scheduleMeeting(app, w, '7/2026', ahead.toISOString(), [{ ru: 'Профилактика' }]);
    // Through the API alone the rule holds too, with its own code.
    const early = await tryMutate(
      app,
      'recordMeetingHeld',
      { meetingId, heldAt: ahead.toISOString(), membersPresent: [], guests: [] },
      w.secretary,
      'meeting { id }',
    );
    expect(early.errors?.[0]?.extensions?.details).toMatchObject({ domainCode: 'MEETING_NOT_STARTED' });

    const { context, page } = await newPage(browser, base, 'ru', NARROW, 'Asia/Almaty');
    await signInWith(page, w.secretary, `/secretary/meetings/${meetingId}`);
    await page.getByRole('heading', { level: 1, name: 'Заседание № 7/2026' }).waitFor();
    await page.getByRole('button', { name: 'Отметить заседание проведённым' }).click();
    await page.getByRole('button', { name: 'Отметить проведённым' }).click();
    // The planned time is still to come: said at the field, and nothing is asked or sent.
    await page.getByText(/^Не позднее /).waitFor();
    expect(await page.getByRole('group', { name: 'Отметить проведённым' }).count()).toBe(0);
    expect((await meetingOf(app, w, meetingId)).status).toBe('SCHEDULED');

    // Moved: a new time and place, starting from the planned ones.
    await page.getByRole('button', { name: 'Перенести заседание' }).click();
    const move = page.getByRole('form', { name: 'Перенести заседание' });
    await expect(move.getByLabel('Место').inputValue()).resolves.toBe('Караганда, ДП, актовый зал');
    const later = new Date(ahead.getTime() + 2 * DAY);
    await move.getByLabel('Новые дата и время').fill(typed(later));
    await move.getByLabel('Место').fill('Караганда, акимат, зал 2');
    await checked(page, 'ru-phone360-secretary-meeting-reschedule');
    await move.getByRole('button', { name: 'Перенести', exact: true }).click();
    await page.locator('.lead', { hasText: 'Караганда, акимат, зал 2' }).waitFor();
    expect(await meetingOf(app, w, meetingId)).toMatchObject({ startsAt: later.toISOString(), place: 'Караганда, акимат, зал 2' });

    // Cancelled: not without a reason, and only once confirmed.
    await page.getByRole('button', { name: 'Отменить заседание' }).click();
    const cancel = page.getByRole('form', { name: 'Отменить заседание' });
    await expect(cancel.getByRole('button', { name: 'Отменить заседание' }).isDisabled()).resolves.toBe(true);
    await cancel.getByLabel('Причина отмены').fill('Председатель в командировке');
    await cancel.getByRole('button', { name: 'Отменить заседание' }).click();
    await cancel.getByText('Отменить заседание? Отменённое заседание вернуть нельзя.').waitFor();
    await checked(page, 'ru-phone360-secretary-meeting-cancel-confirm');
    await cancel.getByRole('button', { name: 'Да, отменить' }).click();
    await page.getByText('заседание отменено. Причина отмены: Председатель в командировке').waitFor();
    expect(await meetingOf(app, w, meetingId)).toMatchObject({ status: 'CANCELLED', cancelReason: 'Председатель в командировке' });
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('recording held, approving and publishing each ask once more, naming what they will do; the approval names the items without minutes', async () => {
    const { meetingId } = await scheduleMeeting(app, w, '3/2026', '2026-03-05T05:00:00.000Z', [{ ru: 'Освещение улиц' }, { ru: 'Разное' }]);
    const { context, page } = await newPage(browser, base, 'ru', NARROW, 'Asia/Almaty');
    await signInWith(page, w.secretary, `/secretary/meetings/${meetingId}`);
    await page.getByRole('heading', { level: 1, name: 'Заседание № 3/2026' }).waitFor();
    await page.getByRole('button', { name: 'Отметить заседание проведённым' }).click();
    await page.getByRole('button', { name: 'Отметить проведённым' }).click();
    const held = page.getByRole('group', { name: 'Отметить проведённым' });
    await held
      .getByText(
        /^Отметить заседание проведённым 5 мар\. 2026 г\., 10:00\? Присутствовали 0 из 4, кворума нет\. Изменить это потом нельзя\.$/,
      )
      .waitFor();
    await checked(page, 'ru-phone360-secretary-held-confirm');
    // Cancel leaves it as it was; the second time it is recorded.
    await held.getByRole('button', { name: 'Отмена' }).click();
    expect((await meetingOf(app, w, meetingId)).status).toBe('SCHEDULED');
    await page.getByRole('button', { name: 'Отметить проведённым' }).click();
    await held.getByRole('button', { name: 'Да, отметить проведённым' }).click();
    await page.getByRole('heading', { name: 'Присутствие' }).waitFor();

    const first = page.getByRole('region', { name: '1. Освещение улиц' });
    await first.getByLabel('Протокол (на русском)').fill('Заслушан отчёт акимата.');
    await first.getByRole('button', { name: 'Сохранить протокол' }).click();
    await first.getByText('Протокол по вопросу сохранён.').waitFor();
    await page.getByRole('region', { name: '2. Разное' }).getByLabel('Протокол (на русском)').fill('Набрано, но не сохранено.');

    await page.getByRole('button', { name: 'Утвердить протокол' }).click();
    const approve = page.getByRole('group', { name: 'Утвердить протокол' });
    await approve.getByText('Утвердить протокол? После этого его нельзя изменить. Вопросы без протокола: 2.').waitFor();
    await approve.getByRole('button', { name: 'Отмена' }).click();
    expect((await meetingOf(app, w, meetingId)).status).toBe('HELD');
    await page.getByRole('region', { name: '2. Разное' }).getByRole('button', { name: 'Сохранить протокол' }).click();
    await page.getByRole('region', { name: '2. Разное' }).getByText('Протокол по вопросу сохранён.').waitFor();
    await page.getByRole('button', { name: 'Утвердить протокол' }).click();
    await approve.getByText('Утвердить протокол? После этого его нельзя изменить.', { exact: true }).waitFor();
    await approve.getByRole('button', { name: 'Да, утвердить' }).click();
    await page.getByRole('button', { name: 'Опубликовать' }).waitFor();
    expect((await meetingOf(app, w, meetingId)).status).toBe('MINUTES_APPROVED');

    await page.getByRole('button', { name: 'Опубликовать' }).click();
    const publish = page.getByRole('group', { name: 'Опубликовать' });
    await publish.getByText('Опубликовать заседание? Заседание, протокол и рекомендации станут доступны всем.').waitFor();
    await publish.getByRole('button', { name: 'Да, опубликовать' }).click();
    await page.getByText('Опубликовано: доступно всем.').waitFor();
    expect((await meetingOf(app, w, meetingId)).published).toBe(true);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('the schedule form starts the next meeting as a regular one, whatever kind the last was', async () => {
    const { context, page } = await newPage(browser, base, 'ru', NARROW, 'Asia/Almaty');
    await signInWith(page, w.secretary, '/secretary');
    const schedule = page.getByRole('form', { name: 'Запланировать заседание' });
    await schedule.getByLabel('Номер').fill('9/2026');
    await schedule.getByLabel('Дата и время').fill(typed(new Date(Date.now() + 20 * DAY)));
    await schedule.getByLabel('Место').fill('Караганда, ДП');
    await schedule.getByLabel('Вид').selectOption({ label: 'Публичный отчёт' });
    await schedule.getByRole('button', { name: 'Запланировать' }).click();
    await page.getByRole('heading', { level: 1, name: 'Заседание № 9/2026' }).waitFor();
    await page.goBack();
    await expect(page.getByRole('form', { name: 'Запланировать заседание' }).getByLabel('Вид').inputValue()).resolves.toBe('REGULAR');
    await context.close();
  });
});
