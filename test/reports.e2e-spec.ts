import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { RunningApp, startApp, token } from './support/app-process';
import { ensurePdftotext, pdfText } from './support/pdf-text';
import { World, establishWorld, mutate, scheduleMeeting } from './support/scenario';

const SHA = 'ab'.repeat(32);
const TITLES = [
  { kk: 'Өткен жылдың қорытындылары', ru: 'Итоги прошлого года' },
  { ru: 'Противодействие дезинформации', kk: 'Жалған ақпаратқа қарсы іс-қимыл' },
];
const REC_TEXT = { ru: 'Улучшить оперативную работу районных подразделений', kk: 'Аудандық бөліністердің жедел жұмысын жақсарту' };
const MINUTES = {
  kk: 'Тыңдалды: ұсыныстар қабылданды. Әрбір ғ, қ, ң, ө, ұ, ү, һ, і, ә әрпі',
  ru: 'Слушали: рекомендации приняты единогласно',
};

interface Got {
  status: number;
  body: Buffer;
  headers: Headers;
}

async function get(app: RunningApp, path: string, bearer?: string): Promise<Got> {
  const res = await fetch(app.url.replace('/graphql', path), { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

const errorOf = (r: Got) => ({ status: r.status, code: (JSON.parse(r.body.toString('utf8')) as { code: string }).code });

describe('reports and exports: minutes, report-back, unit status, the register', () => {
  let app: RunningApp;
  let w: World;
  let meeting1: { meetingId: string; itemIds: string[] };
  let meeting2: { meetingId: string; itemIds: string[] };
  let recId: string;
  let beforeAdoption: string;
  let frozenAt: string;

  beforeAll(async () => {
    ensurePdftotext();
    app = await startApp();
    w = await establishWorld(app);
    meeting1 = await scheduleMeeting(app, w, '1/2026', '2026-02-05T10:00:00Z', TITLES);
    const held = await mutate(
      app,
      'recordMeetingHeld',
      {
        meetingId: meeting1.meetingId,
        heldAt: '2026-02-05T10:05:00Z',
        membersPresent: w.members.slice(0, 3),
        guests: [{ fullName: 'Корреспондент Ержан', organization: 'Polisia.kz', category: 'MEDIA' }],
      },
      w.secretary,
      'meeting { id }',
    );
    beforeAdoption = held.position;
    await mutate(
      app,
      'discussAgendaItem',
      { meetingId: meeting1.meetingId, itemId: meeting1.itemIds[0], minutes: MINUTES },
      w.secretary,
      'meeting { id }',
    );
    recId = (
      await mutate(
        app,
        'adoptRecommendation',
        {
          meetingId: meeting1.meetingId,
          agendaItemId: meeting1.itemIds[0],
          number: '1',
          text: REC_TEXT,
          priority: 'HIGH',
          occurredAt: '2026-02-05T12:00:00Z',
        },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id;
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId: recId, leadUnitId: w.unitA, coExecutorUnitIds: [w.unitB], dueDate: '2026-06-30' },
      w.secretary,
      'recommendation { id }',
    );
    await mutate(app, 'acceptRecommendation', { recommendationId: recId }, w.tokenA, 'recommendation { id }');
    await mutate(
      app,
      'reportProgress',
      {
        recommendationId: recId,
        percent: 40,
        note: 'начали',
        evidence: [{ name: 'akt-proverki-1.pdf', sha256: SHA, uri: 'https://dp.example.kz/akt-1.pdf' }],
      },
      w.tokenA,
      'recommendation { id }',
    );
    await mutate(app, 'approveMinutes', { meetingId: meeting1.meetingId }, w.secretary, 'meeting { id }');
    await mutate(app, 'publishMeeting', { meetingId: meeting1.meetingId }, w.secretary, 'meeting { id }');
    meeting2 = await scheduleMeeting(app, w, '2/2026', '2026-05-05T10:00:00Z', []);
    const added = await mutate(
      app,
      'addReportBackItem',
      {
        meetingId: meeting2.meetingId,
        title: { ru: 'Об исполнении рекомендаций', kk: 'Ұсынымдардың орындалуы туралы' },
        coversMeetingIds: [meeting1.meetingId],
      },
      w.secretary,
      'meeting { id }',
    );
    frozenAt = String(BigInt(added.position) - 1n);
    // After the report-back item was frozen: must not show in it.
    await mutate(
      app,
      'reportProgress',
      {
        recommendationId: recId,
        percent: 80,
        note: 'почти',
        evidence: [{ name: 'akt-proverki-2.pdf', sha256: SHA, uri: 'https://dp.example.kz/akt-2.pdf' }],
      },
      w.tokenA,
      'recommendation { id }',
    );
  }, 180_000);
  afterAll(async () => {
    await app?.cleanup();
  });

  it('the minutes carry the body, meeting, attendance, agenda, minutes and adopted recommendations, Kazakh letters unchanged', async () => {
    const kk = await get(app, `/reports/meetings/${meeting1.meetingId}/minutes.pdf?lang=kk`);
    expect(kk.status).toBe(200);
    expect(kk.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(kk.body);
    for (const expected of [
      'Отырыс хаттамасы 1/2026',
      'Консультативтік-кеңесші орган',
      TITLES[0]!.kk,
      TITLES[1]!.kk,
      MINUTES.kk,
      REC_TEXT.kk,
      'Айгуль Шопшеебаева',
      'Сауле Токушева',
      'Корреспондент Ержан',
      '2026-06-30',
      'Кворум: бар (3/4)',
    ])
      expect(text).toContain(expected);
    expect(text).toContain(`Журнал позициясы: ${kk.headers.get('x-log-position')}`);

    const ru = pdfText((await get(app, `/reports/meetings/${meeting1.meetingId}/minutes.pdf?lang=ru`)).body);
    for (const expected of ['Протокол заседания 1/2026', TITLES[0]!.ru, MINUTES.ru, REC_TEXT.ru, 'УП района Казыбек би (головное)'])
      expect(ru).toContain(expected);
  });

  it('the same log position gives the same bytes, now and after more is written', async () => {
    const first = await get(app, `/reports/meetings/${meeting1.meetingId}/minutes.pdf?lang=ru`, w.oversight);
    const position = first.headers.get('x-log-position')!;
    await mutate(app, 'addComment', { recommendationId: recId, text: 'ещё одно событие' }, w.secretary, 'recommendation { id }');
    const again = await get(app, `/reports/meetings/${meeting1.meetingId}/minutes.pdf?lang=ru&position=${position}`, w.oversight);
    expect(again.headers.get('x-log-position')).toBe(position);
    expect(again.body.equals(first.body)).toBe(true);
    const byTime = await get(
      app,
      `/reports/meetings/${meeting1.meetingId}/minutes.pdf?lang=ru&asOf=${encodeURIComponent(first.headers.get('x-log-position-time')!)}`,
      w.oversight,
    );
    expect(byTime.headers.get('x-log-position')! >= position).toBe(true);
  });

  it('minutes at a position before the adoption show no recommendation', async () => {
    const r = await get(app, `/reports/meetings/${meeting1.meetingId}/minutes.pdf?lang=ru&position=${beforeAdoption}`, w.oversight);
    expect(r.status).toBe(200);
    const text = pdfText(r.body);
    expect(text).not.toContain(REC_TEXT.ru);
    expect(text).not.toContain(MINUTES.ru);
    expect(text).toContain('Корреспондент Ержан');
  });

  it('the report-back shows each covered recommendation as it stood when the item was frozen', async () => {
    const r = await get(app, `/reports/meetings/${meeting2.meetingId}/report-back.pdf?lang=ru`, w.oversight);
    expect(r.status).toBe(200);
    const text = pdfText(r.body);
    expect(text).toContain('Об исполнении рекомендаций');
    expect(text).toContain(`Состояние на позицию журнала: ${frozenAt}`);
    expect(text).toContain(REC_TEXT.ru);
    expect(text).toContain('akt-proverki-1.pdf');
    expect(text).toContain('40 %');
    expect(text).not.toContain('akt-proverki-2.pdf');
    expect(text).toContain('Заседание 1/2026');
    expect(text).toContain('УП района Казыбек би');
    const kk = pdfText((await get(app, `/reports/meetings/${meeting2.meetingId}/report-back.pdf?lang=kk`, w.oversight)).body);
    expect(kk).toContain(REC_TEXT.kk);
    expect(kk).toContain('орындалуда');
  });

  it("the unit status report lists the unit's recommendations with totals", async () => {
    const r = await get(app, `/reports/units/${w.unitB}/status.pdf?lang=ru`, w.oversight);
    expect(r.status).toBe(200);
    const text = pdfText(r.body);
    expect(text).toContain('Управление административной полиции');
    expect(text).toContain(REC_TEXT.ru);
    expect(text).toContain('80 %');
    expect(text).toContain('Всего 1');
    expect(text).toContain('ПРОСРОЧЕНО');
  });

  it('the register streams CSV with a byte order mark, every language in its own column', async () => {
    const r = await get(app, '/reports/recommendations.csv?lang=en', w.oversight);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect([...r.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.body.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^ID,Number,Body ID,Meeting ID,Agenda item ID,Text \(Kazakh\),Text \(Russian\),Text \(English\),/);
    expect(lines).toHaveLength(2);
    const cells = lines[1]!.split(',');
    expect(cells.slice(0, 2)).toEqual([recId, '1']);
    expect(cells[5]).toBe(REC_TEXT.kk);
    expect(cells[6]).toBe(REC_TEXT.ru);
    expect(cells[10]).toBe('IN_PROGRESS');
    expect(cells[12]).toBe(w.unitB);

    const filtered = await get(
      app,
      `/reports/recommendations.csv?filter=${encodeURIComponent(JSON.stringify({ statuses: ['WITHDRAWN'] }))}`,
      w.oversight,
    );
    expect(filtered.body.toString('utf8').trimEnd().split('\r\n')).toHaveLength(1);
    const before = await get(app, `/reports/recommendations.csv?position=${beforeAdoption}`, w.oversight);
    expect(before.body.toString('utf8').trimEnd().split('\r\n')).toHaveLength(1);
  });

  it('the register as XLSX has the same rows, and the same position gives the same bytes', async () => {
    const a = await get(app, '/reports/recommendations.xlsx?lang=kk', w.oversight);
    expect(a.status).toBe(200);
    const position = a.headers.get('x-log-position')!;
    const b = await get(app, `/reports/recommendations.xlsx?lang=kk&position=${position}`, w.oversight);
    expect(b.body.equals(a.body)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(a.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(6).value).toBe('Мәтіні (қазақша)');
    expect(sheet.getRow(2).getCell(1).value).toBe(recId);
    expect(sheet.getRow(2).getCell(6).value).toBe(REC_TEXT.kk);
    expect(sheet.getRow(2).getCell(7).value).toBe(REC_TEXT.ru);
    expect(sheet.rowCount).toBe(2);
  });

  it('anonymous readers get published meetings only', async () => {
    expect((await get(app, `/reports/meetings/${meeting1.meetingId}/minutes.pdf`)).status).toBe(200);
    expect(errorOf(await get(app, `/reports/meetings/${meeting2.meetingId}/report-back.pdf`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(errorOf(await get(app, `/reports/meetings/${meeting2.meetingId}/minutes.pdf`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    const csv = await get(app, '/reports/recommendations.csv');
    expect(csv.body.toString('utf8').trimEnd().split('\r\n')).toHaveLength(2);
    expect(errorOf(await get(app, '/reports/recommendations.csv', 'not-a-token'))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('bad requests get a clear 4xx with a stable code and no file', async () => {
    const bearer = await token(['oversight']);
    const cases: Array<[string, number, string]> = [
      [`/reports/meetings/${randomUUID()}/minutes.pdf`, 404, 'NOT_FOUND'],
      ['/reports/meetings/not-an-id/minutes.pdf', 404, 'NOT_FOUND'],
      [`/reports/units/${randomUUID()}/status.pdf`, 404, 'NOT_FOUND'],
      [`/reports/meetings/${meeting1.meetingId}/report-back.pdf`, 404, 'NO_REPORT_BACK_ITEM'],
      [`/reports/meetings/${meeting1.meetingId}/minutes.pdf?position=999999999`, 400, 'POSITION_PAST_HEAD'],
      [`/reports/meetings/${meeting1.meetingId}/minutes.pdf?position=-1`, 400, 'BAD_POSITION'],
      [`/reports/meetings/${meeting1.meetingId}/minutes.pdf?position=1&asOf=2026-01-01T00:00:00Z`, 400, 'BAD_POSITION'],
      [`/reports/meetings/${meeting1.meetingId}/minutes.pdf?asOf=yesterday`, 400, 'BAD_AS_OF'],
      [`/reports/meetings/${meeting1.meetingId}/minutes.pdf?lang=de`, 400, 'BAD_LANGUAGE'],
      ['/reports/recommendations.csv?filter=%7Bnot%20json', 400, 'BAD_FILTER'],
      [`/reports/recommendations.csv?filter=${encodeURIComponent('{"statuses":["NOPE"]}')}`, 400, 'BAD_FILTER'],
      [`/reports/recommendations.xlsx?filter=${encodeURIComponent('{"dropTables":true}')}`, 400, 'BAD_FILTER'],
      [`/reports/recommendations.xlsx?filter=${encodeURIComponent('{"adoptedFrom":"soon"}')}`, 400, 'BAD_FILTER'],
      ['/reports/recommendations.csv?lang=kk&lang=ru', 400, 'BAD_USER_INPUT'],
    ];
    for (const [path, status, code] of cases) {
      const r = await get(app, path, bearer);
      expect({ path, ...errorOf(r) }).toEqual({ path, status, code });
      expect(r.headers.get('content-type')).toContain('application/json');
    }
  });

  it('a meeting at a position before it was scheduled is not found', async () => {
    const r = await get(app, `/reports/meetings/${meeting2.meetingId}/minutes.pdf?position=${beforeAdoption}`, w.oversight);
    expect(errorOf(r)).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});
