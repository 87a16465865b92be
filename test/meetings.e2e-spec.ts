import { RunningApp, codeOf, gql, startApp, token } from './support/app-process';
import { World, establishWorld, mutate, tryMutate } from './support/scenario';

const MEETING = 'meeting { id title { kk ru } revision }';

describe('meetings over GraphQL: what the secretary records about a meeting', () => {
  let app: RunningApp;
  let w: World;
  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('a meeting is scheduled with a title, its secretary changes it, and every list and search shows the new one', async () => {
    const title = { kk: 'Жол қауіпсіздігі', ru: 'Безопасность дорожного движения' };
    const scheduled = await mutate(
      app,
      'scheduleMeeting',
      {
        bodyId: w.bodyId,
        number: '3/2026',
        kind: 'REGULAR',
        title,
        startsAt: '2026-03-05T10:00:00Z',
        place: 'Караганда',
        format: 'IN_PERSON',
      },
      w.secretary,
      MEETING,
    );
    expect(scheduled.meeting.title).toEqual(title);
    const meetingId: string = scheduled.meeting.id;
    const renamed = {
      kk: 'Кәмелетке толмағандар арасындағы құқық бұзушылықтың алдын алу',
      ru: 'Профилактика правонарушений несовершеннолетних',
    };

    const stale = await tryMutate(app, 'changeMeetingTitle', { meetingId, title: renamed, expectedRevision: '5' }, w.secretary, MEETING);
    expect(codeOf(stale)).toBe('CONFLICT');
    const other = await token(['secretary:00000000-0000-4000-8000-000000000000'], 'Другой секретарь');
    expect(codeOf(await tryMutate(app, 'changeMeetingTitle', { meetingId, title: renamed }, other, MEETING))).toBe('FORBIDDEN');
    expect(codeOf(await tryMutate(app, 'changeMeetingTitle', { meetingId, title: renamed }, w.admin, MEETING))).toBe('FORBIDDEN');
    expect(codeOf(await tryMutate(app, 'changeMeetingTitle', { meetingId, title: { ru: ' ' } }, w.secretary, MEETING))).toMatch(
      /BAD_USER_INPUT|VALIDATION_FAILED/,
    );

    const changed = await mutate(
      app,
      'changeMeetingTitle',
      { meetingId, title: renamed, expectedRevision: scheduled.meeting.revision },
      w.secretary,
      MEETING,
    );
    expect(changed.meeting).toMatchObject({ id: meetingId, title: renamed, revision: '1' });

    const read = await gql(
      app.url,
      `query($id: ID!) { meeting(id: $id) { title { kk ru } }
         byNew: meetings(filter: { text: "НЕСОВЕРШЕННОЛЕТНИХ" }) { nodes { id title { ru } } }
         byOld: meetings(filter: { text: "дорожного" }) { totalCount } }`,
      { id: meetingId },
      w.oversight,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.meeting.title).toEqual(renamed);
    expect(read.data!.byNew.nodes).toEqual([{ id: meetingId, title: { ru: renamed.ru } }]);
    expect(read.data!.byOld.totalCount).toBe(0);
  });
});
