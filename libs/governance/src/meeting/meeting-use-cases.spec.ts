import { randomUUID } from 'node:crypto';
import { BodyEvent, parseStreamId, streamIds } from '@gov/domain';
import { ANONYMOUS, Actor } from '../common/actor';
import { AT, writeSideSpec } from '../testing/write-side-spec';
import { AddAgendaItemCommand } from './add-agenda-item';
import { ChangeMeetingTitleCommand } from './change-meeting-title';
import { DiscussAgendaItemCommand } from './discuss-agenda-item';
import { RecordMeetingHeldCommand } from './record-meeting-held';
import { ScheduleMeetingCommand } from './schedule-meeting';

const actor = (sub: string, ...roles: string[]): Actor => ({ sub, name: sub, roles });

function established(bodyId: string, memberId: string): BodyEvent[] {
  return [
    {
      type: 'BodyEstablished',
      data: {
        bodyId,
        name: { kk: 'Қоғамдық кеңес' },
        kind: 'PUBLIC_COUNCIL',
        hostUnitId: randomUUID(),
        region: 'Карагандинская область',
        establishedAt: AT,
      },
    },
    {
      type: 'MemberAppointed',
      data: { bodyId, memberId, fullName: 'Айгуль Ш.', role: 'CHAIR', affiliation: null, appointedAt: AT },
    },
  ];
}

describe('meeting use cases over an event store in memory', () => {
  let spec: Awaited<ReturnType<typeof writeSideSpec>>;
  beforeAll(async () => {
    spec = await writeSideSpec();
  });
  afterAll(() => spec.close());

  async function givenBody() {
    const bodyId = randomUUID();
    const memberId = randomUUID();
    await spec.given(streamIds.body(bodyId), established(bodyId, memberId));
    return { bodyId, memberId, secretary: actor('secretary', `secretary:${bodyId}`) };
  }
  const schedule = (bodyId: string, who: Actor) =>
    spec.when(
      ScheduleMeetingCommand,
      { bodyId, number: '1/2026', kind: 'REGULAR', startsAt: new Date('2026-03-01T10:00:00Z'), place: 'Караганда', format: 'IN_PERSON' },
      who,
    );

  it('a new meeting is its body’s secretary’s to schedule, checked before the meeting exists', async () => {
    const { bodyId, secretary } = await givenBody();
    const other = await givenBody();
    await expect(schedule(bodyId, other.secretary)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(schedule(bodyId, actor('admin', 'admin'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(schedule(bodyId, ANONYMOUS)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const { streamId } = await schedule(bodyId, secretary);
    const [scheduled] = await spec.stream(streamId);
    expect(scheduled).toMatchObject({ type: 'MeetingScheduled', data: { bodyId }, metadata: { actor: { role: `secretary:${bodyId}` } } });
  });

  it('a meeting of a body that does not exist is refused by the domain with the fact the use case loaded', async () => {
    const bodyId = randomUUID();
    await expect(schedule(bodyId, actor('secretary', `secretary:${bodyId}`))).rejects.toMatchObject({ code: 'BODY_NOT_ACTIVE' });
  });

  it('minutes of an agenda item are recorded as AgendaItemDiscussed, by the DiscussAgendaItem command', async () => {
    const { bodyId, memberId, secretary } = await givenBody();
    const { streamId } = await schedule(bodyId, secretary);
    const meetingId = parseStreamId(streamId)!.id;
    const itemId = randomUUID();
    await spec.when(AddAgendaItemCommand, { meetingId, itemId, title: { ru: 'Итоги года' } }, secretary);
    await spec.when(
      RecordMeetingHeldCommand,
      { meetingId, heldAt: new Date('2026-03-01T10:00:00Z'), membersPresent: [memberId], guests: [] },
      secretary,
    );
    const minutes = { kk: 'Талқыланды', ru: 'Обсудили' };
    await spec.when(DiscussAgendaItemCommand, { meetingId, itemId, minutes }, secretary);
    const last = (await spec.stream(streamId)).at(-1);
    expect(last).toMatchObject({
      type: 'AgendaItemDiscussed',
      data: { meetingId, itemId, minutes },
      metadata: { commandType: 'DiscussAgendaItem' },
    });
  });

  it('a meeting’s title is changed by its body’s secretary only, and the event keeps the previous title', async () => {
    const { bodyId, secretary } = await givenBody();
    const other = await givenBody();
    const { streamId } = await schedule(bodyId, secretary);
    const meetingId = parseStreamId(streamId)!.id;
    const title = { kk: 'Жедел жұмыс туралы', ru: 'Об оперативной работе' };
    await expect(spec.when(ChangeMeetingTitleCommand, { meetingId, title }, other.secretary)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(spec.when(ChangeMeetingTitleCommand, { meetingId, title }, actor('admin', 'admin'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await spec.when(ChangeMeetingTitleCommand, { meetingId, title }, secretary);
    const last = (await spec.stream(streamId)).at(-1);
    expect(last).toMatchObject({
      type: 'MeetingTitleChanged',
      data: { meetingId, title, previousTitle: null },
      metadata: { commandType: 'ChangeMeetingTitle' },
    });
  });
});
