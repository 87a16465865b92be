import { createHash } from 'node:crypto';
import { RunningApp, codeOf, gql, logPosition, startApp } from './support/app-process';
import { uploadEvidence } from './support/files';
import { unitClient } from './support/grpc-client';
import { REC_FIELDS, World, establishWorld, mutate, scheduleMeeting, tryMutate } from './support/scenario';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the life of a regional KSO and its recommendations (HTTP and gRPC)', () => {
  let app: RunningApp;
  let w: World;
  let grpc: ReturnType<typeof unitClient>;
  let meeting1: { meetingId: string; itemIds: string[] };
  const recs: string[] = [];

  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
    grpc = unitClient(app.grpcAddress);
  }, 120_000);
  afterAll(async () => {
    grpc?.close();
    await app?.cleanup();
  });

  it('the secretary schedules the first meeting of the year with an agenda in Kazakh and Russian', async () => {
    meeting1 = await scheduleMeeting(app, w, '1/2026', '2026-02-05T10:00:00Z', [
      { kk: 'Өткен жылдың қорытындылары', ru: 'Итоги прошлого года' },
      { ru: 'Противодействие дезинформации', kk: 'Жалған ақпаратқа қарсы іс-қимыл' },
      { ru: 'Применение ИИ против киберпреступности' },
    ]);
    const r = await gql(
      app.url,
      `query($id: ID!) { meeting(id: $id) { number status agenda { itemId order title { kk ru } } } }`,
      { id: meeting1.meetingId },
      w.secretary,
    );
    expect(r.data!.meeting).toMatchObject({ number: '1/2026', status: 'SCHEDULED' });
    expect(r.data!.meeting.agenda.map((i: any) => i.title.kk)).toEqual([
      'Өткен жылдың қорытындылары',
      'Жалған ақпаратқа қарсы іс-қимыл',
      null,
    ]);
  });

  it('a recommendation cannot be adopted before the meeting is held', async () => {
    const before = await logPosition(app);
    const r = await tryMutate(
      app,
      'adoptRecommendation',
      { meetingId: meeting1.meetingId, agendaItemId: meeting1.itemIds[0], number: '1', text: { ru: 'x' } },
      w.secretary,
      'recommendation { id }',
    );
    expect(codeOf(r)).toBe('MEETING_NOT_HELD');
    expect(await logPosition(app)).toBe(before);
  });

  it('the meeting is held with members and media guests, and quorum is recorded', async () => {
    const m = await mutate(
      app,
      'recordMeetingHeld',
      {
        meetingId: meeting1.meetingId,
        heldAt: '2026-02-05T10:05:00Z',
        membersPresent: w.members.slice(0, 3),
        guests: [
          { fullName: 'Корреспондент', organization: 'Polisia.kz', category: 'MEDIA' },
          { fullName: 'Омбудсмен', organization: 'Уполномоченный по правам человека', category: 'OMBUDSMAN' },
        ],
      },
      w.secretary,
      'meeting { status quorum membersTotal guests { category } }',
    );
    expect(m.meeting).toMatchObject({ status: 'HELD', quorum: true, membersTotal: 4 });
    expect(m.meeting.guests.map((g: any) => g.category)).toEqual(['MEDIA', 'OMBUDSMAN']);
  });

  it('adopts three recommendations and assigns them to two units', async () => {
    const texts = [
      { ru: 'Улучшить оперативную работу районных подразделений', kk: 'Аудандық бөліністердің жедел жұмысын жақсарту' },
      { ru: 'Перенести зону видеонаблюдения во двор по улице Жукова' },
      { ru: 'Оснастить патрульные автомобили проблесковыми маячками' },
    ];
    for (const [i, text] of texts.entries()) {
      const r = await mutate(
        app,
        'adoptRecommendation',
        {
          meetingId: meeting1.meetingId,
          agendaItemId: meeting1.itemIds[i % 2],
          number: String(i + 1),
          text,
          occurredAt: '2026-02-05T12:00:00Z',
          origin: i === 1 ? 'CITIZEN_PROPOSAL' : 'BODY',
          priority: 'HIGH',
        },
        w.secretary,
        `recommendation { ${REC_FIELDS} }`,
      );
      expect(r.recommendation).toMatchObject({ status: 'ADOPTED', text });
      recs.push(r.recommendation.id);
    }
    const a = await mutate(
      app,
      'assignResponsibility',
      { recommendationId: recs[0], leadUnitId: w.unitA, coExecutorUnitIds: [], dueDate: '2026-06-30' },
      w.secretary,
      `recommendation { ${REC_FIELDS} }`,
    );
    expect(a.recommendation).toMatchObject({
      status: 'ASSIGNED',
      leadUnitId: w.unitA,
      dueDate: '2026-06-30',
      originalDueDate: '2026-06-30',
    });
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId: recs[1], leadUnitId: w.unitB, dueDate: '2026-05-01' },
      w.secretary,
      'recommendation { id }',
    );
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId: recs[2], leadUnitId: w.unitA, coExecutorUnitIds: [w.unitB], dueDate: '2026-09-01' },
      w.secretary,
      'recommendation { id }',
    );
  });

  it('a unit that is not responsible cannot accept, and nothing is written', async () => {
    const before = await logPosition(app);
    const r = await tryMutate(app, 'acceptRecommendation', { recommendationId: recs[0] }, w.tokenB, 'recommendation { id }');
    expect(codeOf(r)).toBe('NOT_RESPONSIBLE_UNIT');
    await expect(grpc.call('AcceptRecommendation', { recommendationId: recs[0] }, w.tokenB)).rejects.toMatchObject({
      code: 7,
      details: expect.stringContaining('[NOT_RESPONSIBLE_UNIT]'),
    });
    expect(await logPosition(app)).toBe(before);
  });

  it('unit A accepts and reports progress with evidence over gRPC', async () => {
    const accepted = await grpc.call('AcceptRecommendation', { recommendationId: recs[0], note: 'Принято к исполнению' }, w.tokenA);
    expect(accepted.outcome.recommendation.status).toBe('ACCEPTED');
    const progress = await grpc.call(
      'ReportProgress',
      {
        recommendationId: recs[0],
        percent: 40,
        note: 'Проведено обучение участковых',
        evidence: [{ name: 'приказ №12.pdf', sha256: sha('приказ'), uri: 'https://police.example/docs/12' }],
      },
      w.tokenA,
    );
    expect(progress.outcome.recommendation).toMatchObject({ status: 'IN_PROGRESS', percent: 40 });
    await expect(grpc.call('ReportProgress', { recommendationId: recs[0], percent: 150, note: 'x' }, w.tokenA)).rejects.toMatchObject({
      code: 3,
    });
    const got = await grpc.call('GetRecommendation', { recommendationId: recs[0] }, w.tokenA);
    expect(got.recommendation.percent).toBe(40);
  });

  it('unit A asks for an extension, which is granted, and the original due date is kept', async () => {
    await grpc.call(
      'RequestDeadlineExtension',
      { recommendationId: recs[0], requestedDueDate: '2026-09-30', reason: 'Бюджет выделен в 3 квартале' },
      w.tokenA,
    );
    const r = await mutate(
      app,
      'decideDeadlineExtension',
      { recommendationId: recs[0], approve: true },
      w.secretary,
      `recommendation { ${REC_FIELDS} }`,
    );
    expect(r.recommendation).toMatchObject({ dueDate: '2026-09-30', originalDueDate: '2026-06-30', extensions: 1 });
  });

  it('implementation is reported, returned once by the secretary, then verified', async () => {
    await uploadEvidence(app, w.tokenA, 'акт.pdf', 'акт');
    await uploadEvidence(app, w.tokenA, 'акт.pdf', 'акт2');
    await grpc.call(
      'ReportImplementation',
      { recommendationId: recs[0], summary: 'Выполнено', evidence: [{ name: 'акт.pdf', sha256: sha('акт') }] },
      w.tokenA,
    );
    const returned = await mutate(
      app,
      'returnImplementation',
      { recommendationId: recs[0], reason: 'Нет подтверждающих документов' },
      w.secretary,
      `recommendation { ${REC_FIELDS} }`,
    );
    expect(returned.recommendation.status).toBe('IN_PROGRESS');
    await grpc.call(
      'ReportImplementation',
      { recommendationId: recs[0], summary: 'Выполнено, акт приложен', evidence: [{ name: 'акт.pdf', sha256: sha('акт2') }] },
      w.tokenA,
    );
    const verified = await mutate(
      app,
      'verifyImplementation',
      { recommendationId: recs[0], note: 'Проверено' },
      w.secretary,
      `recommendation { ${REC_FIELDS} closedAt }`,
    );
    expect(verified.recommendation).toMatchObject({ status: 'CLOSED_IMPLEMENTED', percent: 100, overdue: false });
  });

  it('unit B disputes its recommendation and the body closes it as not implemented', async () => {
    const disputed = await grpc.call(
      'DisputeRecommendation',
      { recommendationId: recs[1], justification: 'Не относится к компетенции' },
      w.tokenB,
    );
    expect(disputed.outcome.recommendation.status).toBe('DISPUTED');
    const closed = await mutate(
      app,
      'closeRecommendationNotImplemented',
      { recommendationId: recs[1], reason: 'Снято с контроля' },
      w.secretary,
      'recommendation { status }',
    );
    expect(closed.recommendation.status).toBe('CLOSED_NOT_IMPLEMENTED');
  });

  it('lists the recommendations assigned to a unit over gRPC, co-executed ones included', async () => {
    const listB = await grpc.call('ListAssignedRecommendations', {}, w.tokenB);
    expect(listB.recommendations.map((r: any) => r.id).sort()).toEqual([recs[1], recs[2]].sort());
    await expect(grpc.call('ListAssignedRecommendations', { unitId: w.unitA }, w.tokenB)).rejects.toMatchObject({ code: 7 });
    await expect(grpc.call('ListAssignedRecommendations', {})).rejects.toMatchObject({ code: 16 });
  });

  it('the next meeting opens with a report-back item frozen as things stood when it was added', async () => {
    await mutate(app, 'approveMinutes', { meetingId: meeting1.meetingId }, w.secretary, 'meeting { status }');
    const meeting2 = await scheduleMeeting(app, w, '2/2026', '2026-05-20T10:00:00Z', []);
    const added = await mutate(
      app,
      'addReportBackItem',
      {
        meetingId: meeting2.meetingId,
        title: { ru: 'О выполнении рекомендаций заседания 1/2026' },
        coversMeetingIds: [meeting1.meetingId],
      },
      w.secretary,
      'meeting { agenda { reportBack { asOfPosition coversMeetingIds } } }',
    );
    expect(added.meeting.agenda[0].reportBack.coversMeetingIds).toEqual([meeting1.meetingId]);
    // A later change must not alter what the report-back item shows.
    await grpc.call('AcceptRecommendation', { recommendationId: recs[2] }, w.tokenA);
    const r = await gql(
      app.url,
      `query($id: ID!) { meeting(id: $id) { agenda { recommendations { id status } } } }`,
      { id: meeting2.meetingId },
      w.oversight,
    );
    const shown = Object.fromEntries(r.data!.meeting.agenda[0].recommendations.map((x: any) => [x.id, x.status]));
    expect(shown).toEqual({ [recs[0]]: 'CLOSED_IMPLEMENTED', [recs[1]]: 'CLOSED_NOT_IMPLEMENTED', [recs[2]]: 'ASSIGNED' });
    const now = await gql(app.url, `query($id: ID!) { recommendation(id: $id) { status } }`, { id: recs[2] }, w.oversight);
    expect(now.data!.recommendation.status).toBe('ACCEPTED');
  });

  it('history shows every event with who did it, in which role, and both times', async () => {
    const r = await gql(
      app.url,
      `query($s: String!) { history(streamId: $s) { type revision actor { sub name role } occurredAt recordedAt hash } }`,
      { s: `recommendation-${recs[0]}` },
      w.oversight,
    );
    const types = r.data!.history.map((e: any) => e.type);
    expect(types).toEqual([
      'RecommendationAdopted',
      'ResponsibilityAssigned',
      'RecommendationAccepted',
      'ProgressReported',
      'DeadlineExtensionRequested',
      'DeadlineExtended',
      'ImplementationReported',
      'ImplementationReturned',
      'ImplementationReported',
      'ImplementationVerified',
    ]);
    expect(r.data!.history[2].actor).toEqual({ sub: 'officer-a', name: 'Officer of district A', role: `unit:${w.unitA}` });
    expect(r.data!.history[9].actor).toMatchObject({ sub: w.secretaryId, role: `secretary:${w.bodyId}` });
    expect(r.data!.history.every((e: any) => e.occurredAt && e.recordedAt && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('a restart loses nothing', async () => {
    const before = await gql(
      app.url,
      `{ recommendations(first: 10) { totalCount edges { node { id status percent dueDate } } } }`,
      {},
      w.oversight,
    );
    await app.restart();
    const after = await gql(
      app.url,
      `{ recommendations(first: 10) { totalCount edges { node { id status percent dueDate } } } }`,
      {},
      w.oversight,
    );
    expect(after.data).toEqual(before.data);
    expect(after.data!.recommendations.totalCount).toBe(3);
  });
});
