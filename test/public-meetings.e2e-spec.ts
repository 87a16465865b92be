import { randomUUID } from 'node:crypto';
import { RunningApp, codeOf, gql, startApp } from './support/app-process';
import { World, establishWorld, mutate } from './support/scenario';

/** Upcoming public meetings as announcements: what an anonymous reader learns of a meeting before it is published. */
describe('upcoming public meetings, as anonymous readers see them', () => {
  let app: RunningApp;
  let w: World;
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const MEETING = `id number kind title { kk ru } startsAt place format status cancelReason heldAt membersPresent guests { fullName }
    quorum minutesApprovedAt published agenda { itemId title { ru } minutes { ru } } attendance { quorum present { fullName } }
    recommendations { id }`;

  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
  }, 120_000);
  afterAll(() => app?.cleanup());

  async function schedule(kind: string, number: string, startsAt: string) {
    const meetingId = (
      await mutate(
        app,
        'scheduleMeeting',
        {
          bodyId: w.bodyId,
          number,
          kind,
          startsAt,
          place: 'Караганда, Дворец культуры',
          format: 'IN_PERSON',
          title: { ru: `Встреча ${number}`, kk: `Кездесу ${number}` },
        },
        w.secretary,
        'meeting { id }',
      )
    ).meeting.id as string;
    const itemId = randomUUID();
    await mutate(app, 'addAgendaItem', { meetingId, itemId, title: { ru: 'Закрытый вопрос повестки' } }, w.secretary, 'meeting { id }');
    return { meetingId, itemId };
  }

  const anonymousMeeting = (id: string) => gql(app.url, `query($id: ID!) { meeting(id: $id) { ${MEETING} } }`, { id });
  const upcoming = (bodyId?: string) =>
    gql(app.url, `query($bodyId: ID) { upcomingMeetings(bodyId: $bodyId, first: 50) { ${MEETING} } }`, { bodyId });

  it('a scheduled public report is announced (body, number, title, kind, time, place, format), its agenda is not', async () => {
    const report = await schedule('PUBLIC_REPORT', '11/2026', inDays(10));
    const table = await schedule('ROUND_TABLE', '12/2026', inDays(5));
    const regular = await schedule('REGULAR', '13/2026', inDays(3));

    const list = await upcoming(w.bodyId);
    expect(codeOf(list)).toBe('OK');
    const ids = list.data!.upcomingMeetings.map((m: { id: string }) => m.id);
    expect(ids).toEqual([table.meetingId, report.meetingId]); // soonest first, the regular meeting not among them

    const seen = (await anonymousMeeting(report.meetingId)).data!.meeting;
    expect(seen).toMatchObject({
      number: '11/2026',
      kind: 'PUBLIC_REPORT',
      title: { ru: 'Встреча 11/2026', kk: 'Кездесу 11/2026' },
      place: 'Караганда, Дворец культуры',
      format: 'IN_PERSON',
      status: 'SCHEDULED',
      published: false,
      agenda: [],
      attendance: null,
      recommendations: [],
    });
    expect(JSON.stringify(seen)).not.toContain('Закрытый вопрос');

    expect(codeOf(await anonymousMeeting(regular.meetingId))).toBe('NOT_FOUND');
    // A signed-in reader sees every upcoming meeting, agenda included.
    const all = await gql(app.url, `{ upcomingMeetings(first: 50) { id agenda { itemId } } }`, {}, w.oversight);
    expect(all.data!.upcomingMeetings.map((m: { id: string }) => m.id)).toEqual(
      expect.arrayContaining([regular.meetingId, table.meetingId, report.meetingId]),
    );
    expect(all.data!.upcomingMeetings.find((m: { id: string }) => m.id === report.meetingId).agenda).toHaveLength(1);
  });

  it('a rescheduled public report shows its new time and place; a cancelled one stays listed as cancelled', async () => {
    const { meetingId } = await schedule('PUBLIC_REPORT', '14/2026', inDays(20));
    const later = inDays(25);
    await mutate(app, 'rescheduleMeeting', { meetingId, startsAt: later, place: 'Темиртау, акимат' }, w.secretary, 'meeting { id }');
    expect((await anonymousMeeting(meetingId)).data!.meeting).toMatchObject({ startsAt: later, place: 'Темиртау, акимат' });

    await mutate(app, 'cancelMeeting', { meetingId, reason: 'Перенос на следующий квартал' }, w.secretary, 'meeting { id }');
    const listed = (await upcoming()).data!.upcomingMeetings.find((m: { id: string }) => m.id === meetingId);
    expect(listed).toMatchObject({ status: 'CANCELLED', cancelReason: 'Перенос на следующий квартал', agenda: [] });
  });

  it('a held public report keeps its attendance, minutes and recommendations private until it is published', async () => {
    const startsAt = new Date(Date.now() - 3_600_000).toISOString();
    const { meetingId, itemId } = await schedule('PUBLIC_REPORT', '15/2026', startsAt);
    await mutate(
      app,
      'recordMeetingHeld',
      {
        meetingId,
        heldAt: startsAt,
        membersPresent: w.members,
        guests: [{ fullName: 'Гость Журналистов', organization: 'Газета', category: 'MEDIA' }],
      },
      w.secretary,
      'meeting { id }',
    );
    await mutate(
      app,
      'discussAgendaItem',
      { meetingId, itemId, minutes: { ru: 'Протокол не для публики' } },
      w.secretary,
      'meeting { id }',
    );
    const recommendationId = (
      await mutate(
        app,
        'adoptRecommendation',
        { meetingId, agendaItemId: itemId, number: '1', text: { ru: 'Неопубликованная рекомендация' } },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id as string;
    await mutate(app, 'approveMinutes', { meetingId }, w.secretary, 'meeting { id }');

    const seen = (await anonymousMeeting(meetingId)).data!.meeting;
    expect(seen).toMatchObject({
      status: 'HELD',
      heldAt: null,
      membersPresent: [],
      guests: [],
      quorum: null,
      minutesApprovedAt: null,
      agenda: [],
      attendance: null,
      recommendations: [],
    });
    const text = JSON.stringify(seen);
    for (const secret of ['Протокол не для публики', 'Неопубликованная', 'Гость Журналистов', 'Закрытый вопрос'])
      expect(text).not.toContain(secret);
    expect(codeOf(await gql(app.url, `query($id: ID!) { recommendation(id: $id) { id } }`, { id: recommendationId }))).toBe('NOT_FOUND');
    const register = await gql(app.url, `{ recommendations(first: 200) { edges { node { id } } } meetings(first: 200) { nodes { id } } }`);
    expect(JSON.stringify(register.data)).not.toContain(recommendationId);
    expect(JSON.stringify(register.data)).not.toContain(meetingId);

    await mutate(app, 'publishMeeting', { meetingId }, w.secretary, 'meeting { id }');
    const published = (await anonymousMeeting(meetingId)).data!.meeting;
    expect(published.agenda[0].minutes.ru).toBe('Протокол не для публики');
    expect(published.attendance.quorum).toBe(true);
    expect(published.recommendations).toEqual([{ id: recommendationId }]);
  });
});
