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
});
