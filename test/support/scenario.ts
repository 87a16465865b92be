import { randomUUID } from 'node:crypto';
import { Answer, GqlResult, RunningApp, gql, token } from './app-process';

export const REC_FIELDS =
  'id status leadUnitId coExecutorUnitIds dueDate originalDueDate extensions percent overdue revision text { kk ru en }';

/** Runs a mutation and returns its payload, failing loudly with the server's error. */
export async function mutate(
  app: RunningApp,
  name: string,
  input: Record<string, unknown>,
  bearer: string,
  fields: string,
): Promise<Answer> {
  const r = await tryMutate(app, name, input, bearer, fields);
  if (r.errors) throw new Error(`${name} failed: ${JSON.stringify(r.errors)}`);
  return r.data![name];
}

export function tryMutate(
  app: RunningApp,
  name: string,
  input: Record<string, unknown>,
  bearer: string | undefined,
  fields: string,
): Promise<GqlResult> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const type =
    {
      verifyImplementation: 'RecommendationNoteInput',
      returnImplementation: 'RecommendationReasonInput',
      closeRecommendationNotImplemented: 'RecommendationReasonInput',
      withdrawRecommendation: 'RecommendationReasonInput',
      reopenRecommendation: 'RecommendationReasonInput',
      approveMinutes: 'MeetingInput',
      publishMeeting: 'MeetingInput',
    }[name] ?? inputType;
  return gql(app.url, `mutation($input: ${type}!) { ${name}(input: $input) { position revision replayed ${fields} } }`, { input }, bearer);
}

export interface World {
  admin: string;
  secretary: string;
  secretaryId: string;
  regionUnit: string;
  unitA: string;
  unitB: string;
  bodyId: string;
  members: string[];
  tokenA: string;
  tokenB: string;
  oversight: string;
}

/** A regional police department, two district departments and their consultative body. */
export async function establishWorld(app: RunningApp): Promise<World> {
  const admin = await token(['admin'], 'Администратор');
  const regionUnit = (
    await mutate(
      app,
      'registerUnit',
      { name: { ru: 'ДП Карагандинской области', kk: 'Қарағанды облысының ПД' }, kind: 'POLICE_DEPARTMENT' },
      admin,
      'unit { id }',
    )
  ).unit.id;
  const unitA = (
    await mutate(
      app,
      'registerUnit',
      { name: { ru: 'УП района Казыбек би' }, kind: 'DISTRICT_DEPARTMENT', parentUnitId: regionUnit },
      admin,
      'unit { id }',
    )
  ).unit.id;
  const unitB = (
    await mutate(
      app,
      'registerUnit',
      { name: { ru: 'Управление административной полиции' }, kind: 'SERVICE', parentUnitId: regionUnit },
      admin,
      'unit { id }',
    )
  ).unit.id;
  const bodyId = (
    await mutate(
      app,
      'establishBody',
      {
        name: { kk: 'Консультативтік-кеңесші орган', ru: 'Консультативно-совещательный орган' },
        kind: 'CONSULTATIVE_ADVISORY',
        hostUnitId: regionUnit,
        region: 'Karaganda',
      },
      admin,
      'body { id }',
    )
  ).body.id;
  const members: string[] = [];
  for (const [fullName, role] of [
    ['Айгуль Шопшеебаева', 'CHAIR'],
    ['Марат Секретарев', 'SECRETARY'],
    ['Арман Бердагулов', 'MEMBER'],
    ['Сауле Токушева', 'MEMBER'],
  ]) {
    const memberId = randomUUID();
    await mutate(app, 'appointMember', { bodyId, memberId, fullName, role, affiliation: 'Общественность' }, admin, 'body { id }');
    members.push(memberId);
  }
  const secretaryId = 'secretary-marat';
  return {
    admin,
    regionUnit,
    unitA,
    unitB,
    bodyId,
    members,
    secretaryId,
    secretary: await token([`secretary:${bodyId}`], 'Марат Секретарев', secretaryId),
    tokenA: await token([`unit:${unitA}`], 'Officer of district A', 'officer-a'),
    tokenB: await token([`unit:${unitB}`], 'Officer of service B', 'officer-b'),
    oversight: await token(['oversight'], 'Prosecutor'),
  };
}

/** Schedules a meeting with agenda items and returns its id and item ids. */
export async function scheduleMeeting(app: RunningApp, w: World, number: string, startsAt: string, titles: Array<Record<string, string>>) {
  const meetingId = (
    await mutate(
      app,
      'scheduleMeeting',
      { bodyId: w.bodyId, number, kind: 'REGULAR', startsAt, place: 'Караганда, ДП, актовый зал', format: 'HYBRID' },
      w.secretary,
      'meeting { id }',
    )
  ).meeting.id;
  const itemIds: string[] = [];
  for (const title of titles) {
    const itemId = randomUUID();
    await mutate(app, 'addAgendaItem', { meetingId, itemId, title }, w.secretary, 'meeting { id }');
    itemIds.push(itemId);
  }
  return { meetingId, itemIds };
}

/** A meeting with one agenda item, held with every member present: ready to adopt recommendations. */
export async function heldMeeting(
  app: RunningApp,
  w: World,
  number: string,
  heldAt: string,
  title: Record<string, string>,
  membersPresent = w.members,
) {
  const {
    meetingId,
    itemIds: [itemId],
  } = await scheduleMeeting(app, w, number, heldAt, [title]);
  await mutate(app, 'recordMeetingHeld', { meetingId, heldAt, membersPresent, guests: [] }, w.secretary, 'meeting { id }');
  return { meetingId, itemId: itemId! };
}

/** A recommendation adopted at a meeting held now and assigned with a due date `dueInDays` away; returns its id. */
export async function assignedRecommendation(
  app: RunningApp,
  w: World,
  meetingNumber: string,
  text: Record<string, string>,
  assignment: { leadUnitId: string; coExecutorUnitIds?: string[] },
  dueInDays = 60,
): Promise<string> {
  const { meetingId, itemId } = await heldMeeting(app, w, meetingNumber, new Date().toISOString(), text);
  const { id } = (
    await mutate(app, 'adoptRecommendation', { meetingId, agendaItemId: itemId, number: '1', text }, w.secretary, 'recommendation { id }')
  ).recommendation;
  const dueDate = new Date(Date.now() + dueInDays * 86_400_000).toISOString().slice(0, 10);
  await mutate(app, 'assignResponsibility', { recommendationId: id, ...assignment, dueDate }, w.secretary, 'recommendation { id }');
  return id as string;
}
