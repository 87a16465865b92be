import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import ical from 'node-ical';
import { RunningApp, startApp, token } from './support/app-process';
import { World, establishWorld, heldMeeting, mutate } from './support/scenario';

async function get(app: RunningApp, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(app.url.replace('/graphql', path), { headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A text construct: plain, or with its type attribute. */
type AtomText = string | { '#text': string };
const text = (t: AtomText | undefined) => (typeof t === 'object' ? t['#text'] : t);

interface AtomEntry {
  id: string;
  title: AtomText;
  updated: string;
  link: { '@_href': string } | Array<{ '@_href': string }>;
  author?: { name: string };
  summary?: AtomText;
  content?: AtomText;
}

/** The Atom document as an independent XML parser reads it. */
function atom(text: string) {
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(text) as {
    feed: { '@_xmlns': string; id: string; title: AtomText; updated: string; entry?: AtomEntry[] };
  };
  return doc.feed;
}

type CalendarEvent = { type: string; uid: string; start: Date; status?: string; sequence?: string; summary: string; location: string };
const events = (text: string) =>
  Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c.type === 'VEVENT') as unknown as CalendarEvent[];

/** iCalendar times have whole seconds. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('the Atom feed of published recommendations and the calendar of public meetings', () => {
  let app: RunningApp;
  let w: World;
  let published: string;
  let other: { bodyId: string; recId: string };
  let secretRec: string;

  /** Adopts and assigns a recommendation at a held meeting of the world's body. */
  async function adopted(meetingId: string, itemId: string, text: Record<string, string>, secretary = w.secretary, lead = w.unitA) {
    const id = (
      await mutate(app, 'adoptRecommendation', { meetingId, agendaItemId: itemId, number: '1', text }, secretary, 'recommendation { id }')
    ).recommendation.id as string;
    await mutate(
      app,
      'assignResponsibility',
      { recommendationId: id, leadUnitId: lead, dueDate: inDays(60).slice(0, 10) },
      secretary,
      'recommendation { id }',
    );
    return id;
  }
  const publish = async (meetingId: string, secretary = w.secretary) => {
    await mutate(app, 'approveMinutes', { meetingId }, secretary, 'meeting { id }');
    await mutate(app, 'publishMeeting', { meetingId }, secretary, 'meeting { id }');
  };

  beforeAll(async () => {
    app = await startApp();
    w = await establishWorld(app);
    const m1 = await heldMeeting(app, w, '41/2026', new Date().toISOString(), { ru: 'Освещение улиц' });
    published = await adopted(m1.meetingId, m1.itemId, { ru: 'Установить освещение в сквере' });
    await mutate(app, 'acceptRecommendation', { recommendationId: published }, w.tokenA, 'recommendation { id }');
    await mutate(
      app,
      'reportProgress',
      { recommendationId: published, percent: 30, note: 'Фонари закуплены' },
      w.tokenA,
      'recommendation { id }',
    );
    await mutate(app, 'addComment', { recommendationId: published, text: 'Внутренний комментарий' }, w.secretary, 'recommendation { id }');
    await publish(m1.meetingId);

    const m2 = await heldMeeting(app, w, '42/2026', new Date().toISOString(), { ru: 'Закрытый вопрос' });
    secretRec = await adopted(m2.meetingId, m2.itemId, { ru: 'СЕКРЕТНАЯ рекомендация' });

    // A second body with a published recommendation of its own.
    const bodyId = (
      await mutate(
        app,
        'establishBody',
        { name: { ru: 'Общественный совет района' }, kind: 'PUBLIC_COUNCIL', hostUnitId: w.unitA, region: 'Karaganda' },
        w.admin,
        'body { id }',
      )
    ).body.id as string;
    const secretary = await token([`secretary:${bodyId}`], 'Секретарь района');
    const startsAt = new Date().toISOString();
    const meetingId = (
      await mutate(
        app,
        'scheduleMeeting',
        { bodyId, number: '1/2026', kind: 'REGULAR', startsAt, place: 'Акимат', format: 'IN_PERSON' },
        secretary,
        'meeting { id }',
      )
    ).meeting.id as string;
    const itemId = randomUUID();
    await mutate(app, 'addAgendaItem', { meetingId, itemId, title: { ru: 'Парки' } }, secretary, 'meeting { id }');
    await mutate(app, 'recordMeetingHeld', { meetingId, heldAt: startsAt, membersPresent: [], guests: [] }, secretary, 'meeting { id }');
    other = { bodyId, recId: await adopted(meetingId, itemId, { ru: 'Благоустроить парк' }, secretary) };
    await publish(meetingId, secretary);
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('tells what happened to published recommendations, newest first, as valid Atom without comments, people or anything unpublished', async () => {
    const r = await get(app, '/feeds/recommendations.atom');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/atom+xml');
    const feed = atom(r.text);
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBeTruthy();
    expect(text(feed.title)).toBe('Рекомендации: что изменилось');
    expect(Date.parse(feed.updated)).not.toBeNaN();
    const entries = feed.entry!;
    // Adopted, assigned, accepted, progress for the first; adopted, assigned for the other body's.
    expect(entries).toHaveLength(6);
    for (const e of entries) {
      expect(e.id).toMatch(/#event-\d+$/);
      expect(Date.parse(e.updated)).not.toBeNaN();
    }
    const times = entries.map((e) => Date.parse(e.updated));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const progress = entries.find((e) => text(e.title) === 'Рекомендация № 1: Сообщено о ходе исполнения')!;
    expect(text(progress.summary)).toBe('30% — Фонари закуплены');
    expect(text(progress.content)).toContain('Установить освещение в сквере');
    expect(progress.author?.name).toBe('УП района Казыбек би'); // the unit, not the officer
    for (const hidden of ['Внутренний комментарий', 'СЕКРЕТНАЯ', secretRec, 'Officer of district A', 'Марат Секретарев'])
      expect(r.text).not.toContain(hidden);

    const one = atom((await get(app, `/feeds/recommendations.atom?recommendation=${published}`)).text).entry!;
    expect(one).toHaveLength(4);
    expect(one.every((e) => e.id.includes(`/recommendations/${published}#event-`))).toBe(true);
    const body = atom((await get(app, `/feeds/recommendations.atom?body=${other.bodyId}&lang=kk`)).text);
    expect(text(body.title)).toBe('Ұсынымдар: не өзгерді');
    expect(body.entry!).toHaveLength(2);
    expect(body.entry!.every((e) => e.id.includes(`/recommendations/${other.recId}#event-`))).toBe(true);
    expect(atom((await get(app, `/feeds/recommendations.atom?recommendation=${secretRec}`)).text).entry).toBeUndefined();

    const again = await get(app, '/feeds/recommendations.atom', { 'if-none-match': r.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect((await get(app, '/feeds/recommendations.atom?body=nope')).status).toBe(400);
  });

  it('lists published and announced public meetings as iCalendar with stable UIDs; a move updates, a cancellation stays with a higher SEQUENCE', async () => {
    const schedule = async (kind: string, number: string, startsAt: string) =>
      (
        await mutate(
          app,
          'scheduleMeeting',
          {
            bodyId: w.bodyId,
            number,
            kind,
            startsAt,
            place: 'Дворец культуры горняков',
            format: 'IN_PERSON',
            title: { ru: `Отчёт начальника ${number}` },
          },
          w.secretary,
          'meeting { id }',
        )
      ).meeting.id as string;
    const reportAt = inDays(14);
    const report = await schedule('PUBLIC_REPORT', '43/2026', reportAt);
    const regular = await schedule('REGULAR', '44/2026', inDays(15));

    const first = await get(app, '/calendar/meetings.ics');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/calendar');
    const before = events(first.text);
    const announced = before.find((e) => e.uid.startsWith(`meeting-${report}@`))!;
    expect(announced).toMatchObject({
      summary: 'Отчёт начальника 43/2026 — Заседание №\u00a043/2026', // № and its number are kept together (a no-break space), as on the public pages
      location: 'Дворец культуры горняков',
      status: 'CONFIRMED',
    });
    expect(seconds(announced.start)).toBe(seconds(new Date(reportAt)));
    expect(before.some((e) => e.uid.includes(regular))).toBe(false); // a regular meeting is not public until published
    expect(before.some((e) => e.summary.includes('42/2026'))).toBe(false); // held, not published
    expect(before.map((e) => e.summary)).toContain('Заседание №\u00a041/2026, очередное'); // published

    const later = inDays(21);
    await mutate(app, 'rescheduleMeeting', { meetingId: report, startsAt: later }, w.secretary, 'meeting { id }');
    const moved = events((await get(app, '/calendar/meetings.ics', { 'if-none-match': first.headers.get('etag')! })).text).find(
      (e) => e.uid === announced.uid,
    )!;
    expect(seconds(moved.start)).toBe(seconds(new Date(later)));
    expect(Number(moved.sequence)).toBeGreaterThan(Number(announced.sequence));

    await mutate(app, 'cancelMeeting', { meetingId: report, reason: 'Начальник в командировке' }, w.secretary, 'meeting { id }');
    const cancelled = events((await get(app, '/calendar/meetings.ics')).text).find((e) => e.uid === announced.uid)!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(Number(cancelled.sequence)).toBeGreaterThan(Number(moved.sequence));

    const otherBody = events((await get(app, `/calendar/meetings.ics?body=${other.bodyId}`)).text);
    expect(otherBody).toHaveLength(1);
    expect(otherBody[0]!.summary).toBe('Заседание №\u00a01/2026, очередное');
    const current = await get(app, '/calendar/meetings.ics');
    expect((await get(app, '/calendar/meetings.ics', { 'if-none-match': current.headers.get('etag')! })).status).toBe(304);
  });
});
