import ExcelJS from 'exceljs';
import { RunningApp, logPosition, startApp } from './support/app-process';
import { parseCsv } from './support/csv';
import { World, establishWorld, mutate, scheduleMeeting } from './support/scenario';

interface Got {
  status: number;
  body: Buffer;
  headers: Headers;
}

async function get(app: RunningApp, path: string, headers: Record<string, string> = {}): Promise<Got> {
  const res = await fetch(app.url.replace('/graphql', path), { headers });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}
const json = (r: Got) => JSON.parse(r.body.toString('utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ids = (r: Got) => (json(r).recommendations as Array<{ id: string }>).map((x) => x.id).sort();

const ZHUKOV = { ru: 'Установить дорожные знаки на улице Жукова', kk: 'Жуков көшесіне жол белгілерін орнату' };
const FORMULA = { ru: '=HYPERLINK("http://example.org","Перенести зону видеонаблюдения")' };
const SECRET = { ru: 'СЕКРЕТНАЯ рекомендация неопубликованного заседания' };

/** A meeting held now with one agenda item per recommendation text, each adopted and assigned. */
async function meetingWith(
  app: RunningApp,
  w: World,
  number: string,
  recs: Array<{ text: Record<string, string>; lead: string; origin?: string }>,
) {
  const heldAt = new Date().toISOString();
  const { meetingId, itemIds } = await scheduleMeeting(
    app,
    w,
    number,
    heldAt,
    recs.map((r) => r.text),
  );
  await mutate(app, 'recordMeetingHeld', { meetingId, heldAt, membersPresent: w.members, guests: [] }, w.secretary, 'meeting { id }');
  const recIds: string[] = [];
  for (const [i, r] of recs.entries()) {
    const id = (
      await mutate(
        app,
        'adoptRecommendation',
        { meetingId, agendaItemId: itemIds[i], number: String(i + 1), text: r.text, origin: r.origin ?? 'BODY' },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id as string;
    const dueDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await mutate(app, 'assignResponsibility', { recommendationId: id, leadUnitId: r.lead, dueDate }, w.secretary, 'recommendation { id }');
    recIds.push(id);
  }
  return { meetingId, recIds };
}

async function publish(app: RunningApp, w: World, meetingId: string) {
  await mutate(app, 'approveMinutes', { meetingId }, w.secretary, 'meeting { id }');
  await mutate(app, 'publishMeeting', { meetingId }, w.secretary, 'meeting { id }');
}

describe('open data: published recommendations and meetings at stable addresses, without sign-in', () => {
  let app: RunningApp;
  let w: World;
  let open: { meetingId: string; recIds: string[] };
  let closed: { meetingId: string; recIds: string[] };

  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
    open = await meetingWith(app, w, '31/2026', [
      { text: ZHUKOV, lead: w.unitA },
      { text: FORMULA, lead: w.unitB, origin: 'CITIZEN_PROPOSAL' },
    ]);
    await mutate(app, 'acceptRecommendation', { recommendationId: open.recIds[0] }, w.tokenA, 'recommendation { id }');
    await publish(app, w, open.meetingId);
    closed = await meetingWith(app, w, '32/2026', [{ text: SECRET, lead: w.unitA }]);
    await mutate(
      app,
      'scheduleMeeting',
      {
        bodyId: w.bodyId,
        number: '33/2026',
        kind: 'PUBLIC_REPORT',
        startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
        place: 'Караганда',
        format: 'IN_PERSON',
      },
      w.secretary,
      'meeting { id }',
    );
  }, 120_000);
  afterAll(() => app?.cleanup());

  const neverUnpublished = (r: Got) => {
    const text = r.body.toString('utf8');
    expect(text).not.toContain('СЕКРЕТНАЯ');
    for (const id of [closed.meetingId, ...closed.recIds]) expect(text).not.toContain(id);
  };

  it('gives the published recommendations as CSV, JSON and XLSX, each stating its log position, nothing unpublished', async () => {
    const csv = await get(app, '/open-data/recommendations.csv?lang=en');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(csv.body.toString('utf8'));
    expect(rows[0]!.slice(0, 3)).toEqual(['ID', 'Number', 'Body ID']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...open.recIds].sort());
    expect(rows.find((r) => r[0] === open.recIds[0])![6]).toBe(ZHUKOV.ru);
    // A text a spreadsheet would run as a formula is defused in the CSV (and kept raw in the JSON below).
    expect(rows.find((r) => r[0] === open.recIds[1])![6]).toBe(`'${FORMULA.ru}`);
    neverUnpublished(csv);

    const data = await get(app, '/open-data/recommendations.json');
    expect(data.headers.get('content-type')).toContain('application/json');
    const body = json(data);
    expect(body.schemaVersion).toBe(1);
    expect(body.logPosition).toBe(data.headers.get('x-log-position'));
    expect(data.headers.get('x-log-position')).toBe(csv.headers.get('x-log-position'));
    expect(ids(data)).toEqual([...open.recIds].sort());
    const citizens = body.recommendations.find((r: { id: string }) => r.id === open.recIds[1]);
    // JSON keeps the raw text, whatever a spreadsheet would make of it.
    expect(citizens).toMatchObject({
      textRu: FORMULA.ru,
      origin: 'CITIZEN_PROPOSAL',
      leadUnitId: w.unitB,
      status: 'ASSIGNED',
      coExecutorUnitIds: [],
    });
    neverUnpublished(data);

    const xlsx = await get(app, '/open-data/recommendations.xlsx?lang=kk');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(6).value).toBe('Мәтіні (қазақша)');
    const xlsxIds = [sheet.getRow(2).getCell(1).value, sheet.getRow(3).getCell(1).value].sort();
    expect(xlsxIds).toEqual([...open.recIds].sort());
    expect(workbook.keywords).toBe(`log-position:${xlsx.headers.get('x-log-position')}`);
  });

  it("takes the register's filters as query parameters and refuses unknown or malformed ones", async () => {
    const q = async (query: string) => ids(await get(app, `/open-data/recommendations.json?${query}`));
    expect(await q('status=ACCEPTED')).toEqual([open.recIds[0]]);
    expect(await q('status=ACCEPTED,ASSIGNED')).toEqual([...open.recIds].sort());
    expect(await q(`text=${encodeURIComponent('жукова')}`)).toEqual([open.recIds[0]]);
    expect(await q('origin=CITIZEN_PROPOSAL')).toEqual([open.recIds[1]]);
    expect(await q(`unit=${w.unitB}`)).toEqual([open.recIds[1]]);
    expect(await q(`body=${w.bodyId}&overdue=false`)).toEqual([...open.recIds].sort());
    expect(await q('overdue=true')).toEqual([]);
    expect(await q(`adoptedFrom=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`)).toEqual([]);
    expect(await q(`meeting=${closed.meetingId}`)).toEqual([]);
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    expect(await q(`dueFrom=${due}&dueTo=${due}`)).toEqual([...open.recIds].sort());

    for (const [query, code] of [
      ['status=NOPE', 'BAD_FILTER'],
      ['overdue=maybe', 'BAD_FILTER'],
      ['body=not-a-uuid', 'BAD_FILTER'],
      ['stauts=ACCEPTED', 'BAD_FILTER'],
      ['status=ACCEPTED&status=ASSIGNED', 'BAD_USER_INPUT'],
    ]) {
      const r = await get(app, `/open-data/recommendations.csv?${query}`);
      expect({ query, status: r.status, code: json(r).code }).toEqual({ query, status: 400, code });
    }
  });

  it('answers a matching conditional request with 304 until published data changes, however far the log moves', async () => {
    const first = await get(app, '/open-data/recommendations.json');
    const [etag, lastModified, position] = [
      first.headers.get('etag')!,
      first.headers.get('last-modified')!,
      first.headers.get('x-log-position')!,
    ];
    expect(etag).toMatch(/^"\d+-/);
    expect(Date.parse(lastModified)).not.toBeNaN();

    // Private changes move the log's head, not the published data.
    await mutate(
      app,
      'addComment',
      { recommendationId: open.recIds[0], text: 'Комментарий секретаря' },
      w.secretary,
      'recommendation { id }',
    );
    await mutate(app, 'acceptRecommendation', { recommendationId: closed.recIds[0] }, w.tokenA, 'recommendation { id }');
    expect(BigInt(await logPosition(app))).toBeGreaterThan(BigInt(position));

    const again = await get(app, '/open-data/recommendations.json', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get(app, '/open-data/recommendations.json', { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(app, '/open-data/recommendations.json', { 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    // Another variant (format, filter) is another ETag.
    expect((await get(app, '/open-data/recommendations.json?status=ACCEPTED', { 'if-none-match': etag })).status).toBe(200);

    // A unit's progress on a published recommendation is public: the file moves on.
    await mutate(
      app,
      'reportProgress',
      { recommendationId: open.recIds[0], percent: 40, note: 'Знаки заказаны' },
      w.tokenA,
      'recommendation { id }',
    );
    const changed = await get(app, '/open-data/recommendations.json', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(BigInt(changed.headers.get('x-log-position')!)).toBeGreaterThan(BigInt(position));
    expect(json(changed).recommendations.find((r: { id: string }) => r.id === open.recIds[0])).toMatchObject({
      status: 'IN_PROGRESS',
      percent: 40,
    });
    neverUnpublished(changed);
  });

  it('gives published meetings as JSON, and a meeting once it is published', async () => {
    const before = await get(app, '/open-data/meetings.json');
    expect(before.status).toBe(200);
    const body = json(before);
    expect(body.schemaVersion).toBe(1);
    expect(body.logPosition).toBe(before.headers.get('x-log-position'));
    expect(body.meetings.map((m: { id: string }) => m.id)).toEqual([open.meetingId]);
    expect(body.meetings[0]).toMatchObject({ number: '31/2026', bodyId: w.bodyId, status: 'MINUTES_APPROVED', quorum: true });
    expect(before.body.toString('utf8')).not.toContain('33/2026'); // an announcement is not a published meeting
    neverUnpublished(before);
    expect((await get(app, '/open-data/meetings.json', { 'if-none-match': before.headers.get('etag')! })).status).toBe(304);
    expect((await get(app, `/open-data/meetings.json?body=${w.regionUnit}`)).body.toString()).toContain('"meetings":[]');

    const recommendationsBefore = await get(app, '/open-data/recommendations.json');
    await publish(app, w, closed.meetingId);
    const after = await get(app, '/open-data/meetings.json', { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(
      json(after)
        .meetings.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual([open.meetingId, closed.meetingId].sort());
    const recommendations = await get(app, '/open-data/recommendations.json', {
      'if-none-match': recommendationsBefore.headers.get('etag')!,
    });
    expect(recommendations.status).toBe(200);
    expect(ids(recommendations)).toContain(closed.recIds[0]);
  });
});
