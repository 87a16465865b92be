import { randomUUID } from 'node:crypto';
import { RunningApp, gql, startApp } from './support/app-process';
import { ensurePdftotext, pdfText } from './support/pdf-text';
import { World, establishWorld, mutate, scheduleMeeting } from './support/scenario';

const OFFICER = 'Officer of district A';
const POLICE_GUEST = 'Ерлан Полицейский';
const SECRETARY = 'Марат Секретарев';
const SPEAKER = 'Начальник УП района полковник Асқар Бекенов';

/** A published meeting with a police guest and a journalist, and a recommendation a unit accepted. */
async function publishedHistory(app: RunningApp, w: World) {
  const heldAt = new Date().toISOString();
  const {
    meetingId,
    itemIds: [itemId],
  } = await scheduleMeeting(app, w, '21/2026', heldAt, [{ ru: 'Безопасность дорог' }]);
  await mutate(
    app,
    'addAgendaItem',
    { meetingId, itemId: randomUUID(), title: { ru: 'Отчёт начальника' }, speaker: SPEAKER },
    w.secretary,
    'meeting { id }',
  );
  const guests = [
    { fullName: POLICE_GUEST, organization: 'УАП ДП', category: 'POLICE' },
    { fullName: 'Жанна Журналистова', organization: 'Газета «Индустриальная Караганда»', category: 'MEDIA' },
  ];
  await mutate(app, 'recordMeetingHeld', { meetingId, heldAt, membersPresent: w.members, guests }, w.secretary, 'meeting { id }');
  const recommendationId = (
    await mutate(
      app,
      'adoptRecommendation',
      { meetingId, agendaItemId: itemId, number: '1', text: { ru: 'Установить знаки' } },
      w.secretary,
      'recommendation { id }',
    )
  ).recommendation.id as string;
  const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await mutate(app, 'assignResponsibility', { recommendationId, leadUnitId: w.unitA, dueDate }, w.secretary, 'recommendation { id }');
  await mutate(app, 'acceptRecommendation', { recommendationId }, w.tokenA, 'recommendation { id }');
  await mutate(app, 'approveMinutes', { meetingId }, w.secretary, 'meeting { id }');
  await mutate(app, 'publishMeeting', { meetingId }, w.secretary, 'meeting { id }');
  return { meetingId, recommendationId };
}

const READ = `query($r: ID!, $m: ID!) {
  recommendation(id: $r) { timeline { kind actor { sub name role unit { name { ru } } body { name { ru } } } } }
  meeting(id: $m) { agenda { speaker } guests { fullName organization category } attendance { present { fullName role } guests { fullName organization } } }
  bodies { members { fullName role } }
}`;

describe('what the public sees of people', () => {
  let app: RunningApp;
  let w: World;
  let ids: { meetingId: string; recommendationId: string };

  beforeAll(async () => {
    ensurePdftotext();
    app = await startApp();
    w = await establishWorld(app);
    ids = await publishedHistory(app, w);
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('anonymous readers see which unit or body acted, not the officer, secretary or speaker by name', async () => {
    const r = await gql(app.url, READ, { r: ids.recommendationId, m: ids.meetingId });
    const timeline = r.data!.recommendation.timeline as Array<{ kind: string; actor: Record<string, unknown> }>;
    const accepted = timeline.find((e) => e.kind === 'ACCEPTED')!.actor;
    expect(accepted).toMatchObject({ sub: null, name: null, unit: { name: { ru: 'УП района Казыбек би' } } });
    const adopted = timeline.find((e) => e.kind === 'ADOPTED')!.actor;
    expect(adopted).toMatchObject({ sub: null, name: null, body: { name: { ru: 'Консультативно-совещательный орган' } } });
    const text = JSON.stringify(r.data);
    expect(text).not.toContain(OFFICER);
    expect(text).not.toContain('officer-a');
    expect(text).not.toContain(POLICE_GUEST);
    // An agenda item's speaker is free text naming a person.
    expect(text).not.toContain(SPEAKER);
    expect(r.data!.meeting.agenda).toContainEqual({ speaker: null });
    // A police guest is shown by organization; other guests and the body's members stay public by name and role.
    expect(r.data!.meeting.guests).toContainEqual({ fullName: null, organization: 'УАП ДП', category: 'POLICE' });
    expect(r.data!.meeting.attendance.guests).toContainEqual({
      fullName: 'Жанна Журналистова',
      organization: 'Газета «Индустриальная Караганда»',
    });
    expect(r.data!.meeting.attendance.present).toContainEqual({ fullName: SECRETARY, role: 'SECRETARY' });
    expect(r.data!.bodies[0].members).toContainEqual({ fullName: 'Айгуль Шопшеебаева', role: 'CHAIR' });
  });

  it('signed-in readers still see who acted by name', async () => {
    const r = await gql(app.url, READ, { r: ids.recommendationId, m: ids.meetingId }, w.oversight);
    const accepted = r.data!.recommendation.timeline.find((e: { kind: string }) => e.kind === 'ACCEPTED').actor;
    expect(accepted).toMatchObject({ sub: 'officer-a', name: OFFICER });
    expect(r.data!.meeting.guests[0].fullName).toBe(POLICE_GUEST);
    expect(r.data!.meeting.agenda).toContainEqual({ speaker: SPEAKER });
  });

  it("the published minutes' PDF names a police guest and an item's speaker to signed-in readers only", async () => {
    const url = app.url.replace('/graphql', `/reports/meetings/${ids.meetingId}/minutes.pdf?lang=ru`);
    const anonymous = pdfText(Buffer.from(await (await fetch(url)).arrayBuffer()));
    expect(anonymous).toContain('УАП ДП');
    expect(anonymous).toContain('Жанна Журналистова');
    expect(anonymous).not.toContain(POLICE_GUEST);
    expect(anonymous).not.toContain('Бекенов');
    const signedIn = await fetch(url, { headers: { authorization: `Bearer ${w.oversight}` } });
    const named = pdfText(Buffer.from(await signedIn.arrayBuffer()));
    expect(named).toContain(POLICE_GUEST);
    expect(named).toContain('Бекенов');
  });
});

describe('a deployment that shows personal names (PUBLIC_SHOW_PERSON_NAMES=true)', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({ PUBLIC_SHOW_PERSON_NAMES: 'true' });
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('shows anonymous readers the officer, the police guest and the speaker by name, never the token subject', async () => {
    const w = await establishWorld(app);
    const ids = await publishedHistory(app, w);
    const r = await gql(app.url, READ, { r: ids.recommendationId, m: ids.meetingId });
    const accepted = r.data!.recommendation.timeline.find((e: { kind: string }) => e.kind === 'ACCEPTED').actor;
    expect(accepted).toMatchObject({ sub: null, name: OFFICER });
    expect(r.data!.meeting.guests[0].fullName).toBe(POLICE_GUEST);
    expect(r.data!.meeting.agenda).toContainEqual({ speaker: SPEAKER });
  });
});
