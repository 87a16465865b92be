import { RunningApp } from '../support/app-process';
import { uploadEvidence } from '../support/files';
import { World, establishWorld, mutate, scheduleMeeting } from '../support/scenario';

export interface Portal {
  w: World;
  meetingId: string;
  itemIds: string[];
  /** Overdue (due 2026-05-01), on time (due next year), implemented. */
  recs: { overdue: string; onTime: string; implemented: string };
  /** The file uploaded as evidence of the implemented one (cited beside a link). */
  evidenceFile: { name: string; sha256: string; content: string };
  /** The next meeting, scheduled (not held, not published), opening with a report-back item on the first. */
  nextMeetingId: string;
}

/** One body's held, minuted and published meeting with three recommendations in different states. */
export async function seedPortal(app: RunningApp): Promise<Portal> {
  const w = await establishWorld(app);
  const { meetingId, itemIds } = await scheduleMeeting(app, w, '1/2026', '2026-02-05T10:00:00Z', [
    { kk: 'Қоғамдық тәртіпті сақтау', ru: 'Об охране общественного порядка' },
    { kk: 'Жол қозғалысының қауіпсіздігі', ru: 'О безопасности дорожного движения' },
  ]);
  await mutate(
    app,
    'recordMeetingHeld',
    {
      meetingId,
      heldAt: '2026-02-05T10:05:00Z',
      membersPresent: w.members.slice(0, 3),
      guests: [{ fullName: 'Корреспондент', organization: 'Polisia.kz', category: 'MEDIA' }],
    },
    w.secretary,
    'meeting { id }',
  );
  await mutate(
    app,
    'recordAgendaItemMinutes',
    {
      meetingId,
      itemId: itemIds[0],
      minutes: { kk: 'Учаскелік инспекторлардың есебі тыңдалды.', ru: 'Заслушан отчёт участковых инспекторов.' },
    },
    w.secretary,
    'meeting { id }',
  );
  const adopt = async (number: string, item: string, text: Record<string, string>, dueDate: string, co: string[] = []) => {
    const id = (
      await mutate(
        app,
        'adoptRecommendation',
        { meetingId, agendaItemId: item, number, text, occurredAt: '2026-02-05T12:00:00Z', priority: 'HIGH' },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id as string;
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId: id, leadUnitId: w.unitA, coExecutorUnitIds: co, dueDate },
      w.secretary,
      'recommendation { id }',
    );
    return id;
  };
  const overdue = await adopt(
    '1',
    itemIds[0]!,
    { kk: 'Ауладағы бейнебақылауды кеңейту', ru: 'Расширить видеонаблюдение во дворах' },
    '2026-05-01',
    [w.unitB],
  );
  const onTime = await adopt(
    '2',
    itemIds[1]!,
    { kk: 'Мектеп маңында жаяу жүргіншілер өткелін салу', ru: 'Обустроить пешеходный переход у школы' },
    '2027-06-30',
  );
  const implemented = await adopt(
    '3',
    itemIds[1]!,
    { kk: 'Патрульдік көліктерді жабдықтау', ru: 'Оснастить патрульные автомобили' },
    '2027-03-01',
  );
  await mutate(app, 'acceptRecommendation', { recommendationId: implemented }, w.tokenA, 'recommendation { id }');
  const content = 'Акт приёмки: 12 автомобилей оснащены видеорегистраторами.';
  const file = await uploadEvidence(app, w.tokenA, 'акт-приёмки.txt', content);
  await mutate(
    app,
    'reportImplementation',
    {
      recommendationId: implemented,
      summary: 'Орындалды',
      evidence: [
        { name: 'акт.pdf', sha256: 'a'.repeat(64), uri: 'https://police.example/act' },
        { name: file.name, sha256: file.sha256 },
      ],
    },
    w.tokenA,
    'recommendation { id }',
  );
  await mutate(app, 'verifyImplementation', { recommendationId: implemented, note: 'Тексерілді' }, w.secretary, 'recommendation { id }');
  await mutate(app, 'approveMinutes', { meetingId }, w.secretary, 'meeting { id }');
  await mutate(app, 'publishMeeting', { meetingId }, w.secretary, 'meeting { id }');
  const next = await scheduleMeeting(app, w, '2/2026', '2026-05-20T10:00:00Z', []);
  await mutate(
    app,
    'addReportBackItem',
    { meetingId: next.meetingId, title: { ru: 'О выполнении рекомендаций заседания 1/2026' }, coversMeetingIds: [meetingId] },
    w.secretary,
    'meeting { id }',
  );
  return {
    w,
    meetingId,
    itemIds,
    recs: { overdue, onTime, implemented },
    evidenceFile: { name: file.name, sha256: file.sha256, content },
    nextMeetingId: next.meetingId,
  };
}
