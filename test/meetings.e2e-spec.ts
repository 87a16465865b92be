import { RunningApp, codeOf, gql, startApp, token } from './support/app-process';
import { uploadEvidence } from './support/files';
import { World, establishWorld, heldMeeting, mutate, tryMutate } from './support/scenario';

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

  it('a meeting lists its recommendations by number, as its minutes do, whatever order they were recorded in', async () => {
    const { meetingId, itemId } = await heldMeeting(app, w, '21/2026', new Date().toISOString(), { ru: 'Профилактика' });
    for (const number of ['3', '10', '1', '6', '2', '5'])
      await mutate(
        app,
        'adoptRecommendation',
        { meetingId, agendaItemId: itemId, number, text: { ru: `Рекомендация ${number}` } },
        w.secretary,
        'recommendation { id }',
      );
    const read = await gql(app.url, 'query($id: ID!) { meeting(id: $id) { recommendations { number } } }', { id: meetingId }, w.secretary);
    expect(read.data!.meeting.recommendations.map((r: { number: string }) => r.number)).toEqual(['1', '2', '3', '5', '6', '10']);
  });

  describe('papers of agenda items', () => {
    const PAPERS = 'meeting { id revision agenda { itemId papers { name sha256 uri attachedAt position } } }';
    const download = (sha256: string, bearer?: string) =>
      fetch(app.url.replace('/graphql', `/files/${sha256}`), { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    const agendaAsAnonymous = async (meetingId: string) =>
      gql(app.url, 'query($id: ID!) { meeting(id: $id) { agenda { papers { name sha256 } } } }', { id: meetingId });

    it('a published meeting’s papers are anyone’s to download; an unpublished one’s and recommendation evidence are not', async () => {
      const draft = Buffer.from('%PDF-1.7\nЗаң жобасы: «Құқық бұзушылықтың профилактикасы туралы»\n');
      const paper = await uploadEvidence(app, w.secretary, 'Заң жобасы.pdf', draft);
      const { meetingId, itemId } = await heldMeeting(app, w, '5/2026', '2026-05-05T10:00:00Z', { kk: 'Заң жобасын талқылау' });

      // Only the body's secretary attaches, and only a file that was uploaded (or a link).
      const input = { meetingId, agendaItemId: itemId, file: { sha256: paper.sha256, name: 'Заң жобасы.pdf' } };
      expect(codeOf(await tryMutate(app, 'attachAgendaItemPaper', input, w.tokenA, PAPERS))).toBe('FORBIDDEN');
      const unknown = { ...input, file: { sha256: 'e'.repeat(64), name: 'нет.pdf' } };
      expect(codeOf(await tryMutate(app, 'attachAgendaItemPaper', unknown, w.secretary, PAPERS))).toBe('BAD_USER_INPUT');
      const attached = await mutate(app, 'attachAgendaItemPaper', input, w.secretary, PAPERS);
      expect(attached.meeting.agenda[0].papers).toEqual([
        { name: 'Заң жобасы.pdf', sha256: paper.sha256, uri: null, attachedAt: expect.any(String), position: attached.position },
      ]);
      expect(codeOf(await tryMutate(app, 'attachAgendaItemPaper', input, w.secretary, PAPERS))).toBe('ALREADY_EXISTS');
      const link = { ...input, file: { sha256: 'd'.repeat(64), name: 'Баяндама', uri: 'https://police.kz/report.pdf' } };
      await mutate(app, 'attachAgendaItemPaper', link, w.secretary, PAPERS);

      // Evidence a unit cites on a recommendation of the same meeting.
      const evidence = await uploadEvidence(app, w.tokenA, 'акт.pdf', '%PDF-1.7\nакт проверки\n');
      const adopted = await mutate(
        app,
        'adoptRecommendation',
        { meetingId, agendaItemId: itemId, number: '5/1', text: { kk: 'Заң жобасын түсіндіру' } },
        w.secretary,
        'recommendation { id }',
      );
      const recommendationId = adopted.recommendation.id;
      await mutate(
        app,
        'assignResponsibility',
        { recommendationId, leadUnitId: w.unitA, dueDate: '2027-12-31' },
        w.secretary,
        'recommendation { id }',
      );
      await mutate(app, 'acceptRecommendation', { recommendationId }, w.tokenA, 'recommendation { id }');
      await mutate(
        app,
        'reportProgress',
        { recommendationId, percent: 30, note: 'басталды', evidence: [{ sha256: evidence.sha256, name: 'акт.pdf' }] },
        w.tokenA,
        'recommendation { id }',
      );

      // Before publication: signed-in readers get the paper, anonymous readers learn nothing of it.
      expect((await download(paper.sha256)).status).toBe(404);
      expect(codeOf(await agendaAsAnonymous(meetingId))).toBe('NOT_FOUND');
      const early = await download(paper.sha256, w.oversight);
      expect(early.status).toBe(200);
      expect(Buffer.from(await early.arrayBuffer())).toEqual(draft);

      await mutate(app, 'approveMinutes', { meetingId }, w.secretary, 'meeting { id }');
      await mutate(app, 'publishMeeting', { meetingId }, w.secretary, 'meeting { id }');

      const open = await download(paper.sha256);
      expect(open.status).toBe(200);
      expect(open.headers.get('content-disposition')).toContain('filename*=UTF-8');
      expect(Buffer.from(await open.arrayBuffer())).toEqual(draft);
      expect((await agendaAsAnonymous(meetingId)).data!.meeting.agenda[0].papers).toEqual([
        { name: 'Заң жобасы.pdf', sha256: paper.sha256 },
        { name: 'Баяндама', sha256: 'd'.repeat(64) },
      ]);
      // The recommendation is published with the meeting, and its evidence still needs a token.
      const closed = await download(evidence.sha256);
      expect(closed.status).toBe(403);
      expect(((await closed.json()) as { code: string }).code).toBe('FORBIDDEN');
      expect((await download(evidence.sha256, w.oversight)).status).toBe(200);
    });

    it('a paper is refused on an agenda item the meeting does not have, and on a cancelled meeting', async () => {
      const paper = await uploadEvidence(app, w.secretary, 'справка.pdf', '%PDF-1.7\nсправка\n');
      const { meetingId, itemId } = await heldMeeting(app, w, '6/2026', '2026-06-05T10:00:00Z', { ru: 'Справка' });
      const file = { sha256: paper.sha256, name: 'справка.pdf' };
      const wrongItem = { meetingId, agendaItemId: '00000000-0000-4000-8000-000000000001', file };
      expect(codeOf(await tryMutate(app, 'attachAgendaItemPaper', wrongItem, w.secretary, PAPERS))).toBe('AGENDA_ITEM_NOT_FOUND');
      const cancelled = await mutate(
        app,
        'scheduleMeeting',
        { bodyId: w.bodyId, number: '7/2026', kind: 'REGULAR', startsAt: '2026-07-05T10:00:00Z', place: 'Теміртау', format: 'ONLINE' },
        w.secretary,
        'meeting { id }',
      );
      const cancelledId = cancelled.meeting.id;
      await mutate(app, 'addAgendaItem', { meetingId: cancelledId, itemId, title: { ru: 'Вопрос' } }, w.secretary, 'meeting { id }');
      await mutate(app, 'cancelMeeting', { meetingId: cancelledId, reason: 'перенос' }, w.secretary, 'meeting { id }');
      const onCancelled = { meetingId: cancelledId, agendaItemId: itemId, file };
      expect(codeOf(await tryMutate(app, 'attachAgendaItemPaper', onCancelled, w.secretary, PAPERS))).toBe('INVALID_TRANSITION');
    });
  });
});
