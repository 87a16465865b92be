import ExcelJS from 'exceljs';
import { RunningApp, health, startApp } from './support/app-process';
import { World, establishWorld, heldMeeting, mutate } from './support/scenario';

describe('expensive reports are bounded', () => {
  let app: RunningApp;
  let w: World;
  let meetingId: string;

  beforeAll(async () => {
    // One report at a time and one waiting: the third at once is refused.
    app = await startApp({ REPORT_CONCURRENCY: '1', REPORT_QUEUE: '1' });
    w = await establishWorld(app);
    const held = await heldMeeting(app, w, '1/2026', '2026-02-05T10:00:00Z', { ru: 'Итоги года' });
    meetingId = held.meetingId;
    for (let i = 1; i <= 40; i++)
      await mutate(
        app,
        'adoptRecommendation',
        { meetingId, agendaItemId: held.itemId, number: String(i), text: { ru: `Рекомендация ${i}: ${'улучшить работу '.repeat(20)}` } },
        w.secretary,
        'recommendation { id }',
      );
  }, 180_000);
  afterAll(() => app?.cleanup());

  it('minutes asked for six at once: one made, one queued, the rest refused with REPORTS_BUSY and Retry-After, and the made ones are the same bytes', async () => {
    const url = app.url.replace('/graphql', `/reports/meetings/${meetingId}/minutes.pdf`);
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${w.oversight}` } });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: Buffer.from(await res.arrayBuffer()) };
      }),
    );
    const made = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(made).toHaveLength(2);
    expect(made[0]!.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(made[1]!.body.equals(made[0]!.body)).toBe(true);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect({ status: r.status, retryAfter: r.retryAfter }).toEqual({ status: 503, retryAfter: '1' });
      expect(JSON.parse(r.body.toString('utf8'))).toEqual({
        code: 'REPORTS_BUSY',
        message: 'too many reports are being made right now; retry in a moment',
      });
    }
    // Once the place is free, the next is made.
    const again = await fetch(url, { headers: { authorization: `Bearer ${w.oversight}` } });
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(made[0]!.body)).toBe(true);
    expect((await health(app)).status).toBe(200);
  }, 120_000);

  it('XLSX registers, signed-in and open data, share that bound: six at once make two, and the made one holds every row', async () => {
    const signedIn = app.url.replace('/graphql', '/reports/recommendations.xlsx');
    const openData = app.url.replace('/graphql', '/open-data/recommendations.xlsx');
    const answers = await Promise.all(
      [signedIn, openData, signedIn, openData, signedIn, openData].map(async (url) => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${w.oversight}` } });
        return { url, status: res.status, body: Buffer.from(await res.arrayBuffer()) };
      }),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    for (const r of answers.filter((a) => a.status !== 200))
      expect({ status: r.status, code: (JSON.parse(r.body.toString('utf8')) as { code: string }).code }).toEqual({
        status: 503,
        code: 'REPORTS_BUSY',
      });
    // Written in a rendering thread, read back as a workbook: the header and the forty recommendations.
    const register = await fetch(signedIn, { headers: { authorization: `Bearer ${w.oversight}` } });
    expect(register.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await register.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(41);
    expect(sheet.getRow(41).getCell(7).text).toMatch(/^Рекомендация \d+/);
  }, 120_000);
});
