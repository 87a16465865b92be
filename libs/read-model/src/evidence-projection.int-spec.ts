import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { EvidenceQueries } from './projections/evidence.queries';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';

const rec = randomUUID();
const meeting = randomUUID();
const unit = randomUUID();
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const event = (type: string, data: Record<string, unknown>) => ({ id: randomUUID(), type, data });
const adopted = event('RecommendationAdopted', {
  recommendationId: rec,
  bodyId: randomUUID(),
  meetingId: meeting,
  agendaItemId: randomUUID(),
  number: '1/2026-1',
  text: { kk: 'Ұсыныс' },
  origin: 'BODY',
  priority: 'NORMAL',
  adoptedAt: '2026-01-10T00:00:00.000Z',
});
const progress = event('ProgressReported', {
  recommendationId: rec,
  unitId: unit,
  percent: 50,
  note: 'жартысы',
  evidence: [
    { name: 'акт.pdf', sha256: A, uri: null },
    { name: 'фото.jpg', sha256: B, uri: 'https://e.kz/b' },
  ],
  at: '2026-02-01T00:00:00.000Z',
});
const implemented = event('ImplementationReported', {
  recommendationId: rec,
  unitId: unit,
  reportedBy: 'officer',
  summary: 'done',
  evidence: [{ name: 'акт-2.pdf', sha256: A, uri: null }],
  at: '2026-03-01T00:00:00.000Z',
});

describe('evidence projection', () => {
  let dir: string;
  let clock: number;
  let events: SqliteEventStore;
  let readModel: ReadModelDb;
  let projector: Projector;
  let queries: EvidenceQueries;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gov-evidence-'));
    clock = Date.parse('2026-03-05T00:00:00Z');
    events = new SqliteEventStore({ dataDir: dir, now: () => new Date((clock += 1000)) });
    readModel = new ReadModelDb(dir);
    projector = new Projector(events, readModel);
    queries = new EvidenceQueries(readModel.db);
    await projector.start();
  });
  afterEach(async () => {
    await projector.stop();
    readModel.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const append = async (stream: string, e: ReturnType<typeof event>) =>
    projector.waitFor((await events.appendToStream(stream, [e])).position);

  it("lists every item a recommendation's reports cite, newest report first, items in their order", async () => {
    await append(`recommendation-${rec}`, adopted);
    await append(`recommendation-${rec}`, progress);
    await append(`recommendation-${rec}`, implemented);
    expect(queries.ofRecommendation(rec).map((e) => [e.report, e.name, e.sha256, e.uri, e.unitId])).toEqual([
      ['IMPLEMENTATION', 'акт-2.pdf', A, null, unit],
      ['PROGRESS', 'акт.pdf', A, null, unit],
      ['PROGRESS', 'фото.jpg', B, 'https://e.kz/b', unit],
    ]);
    expect(queries.ofRecommendation(randomUUID())).toEqual([]);
  });

  it('as of a moment, lists only what had been reported by then', async () => {
    await append(`recommendation-${rec}`, adopted);
    await append(`recommendation-${rec}`, progress);
    const [progressRecorded] = queries.ofRecommendation(rec).map((e) => e.recordedAt);
    await append(`recommendation-${rec}`, implemented);
    expect(queries.ofRecommendation(rec, progressRecorded).map((e) => e.report)).toEqual(['PROGRESS', 'PROGRESS']);
  });

  it('tells which recommendations cite a stored file (not a link) and whether each is published', async () => {
    await append(`recommendation-${rec}`, adopted);
    await append(`recommendation-${rec}`, progress);
    expect(queries.citing(A.toUpperCase())).toEqual([{ kind: 'EVIDENCE', citedBy: rec, published: false, name: 'акт.pdf' }]);
    expect(queries.citing('c'.repeat(64))).toEqual([]);
    await append(`meeting-${meeting}`, event('MeetingPublished', { meetingId: meeting, publishedAt: '2026-03-02T00:00:00.000Z' }));
    expect(queries.citing(A)).toEqual([{ kind: 'EVIDENCE', citedBy: rec, published: true, name: 'акт.pdf' }]);
    // Cited with a link, the file lives there: its hash was never checked against the store, so it serves nothing of it.
    expect(queries.citing(B)).toEqual([]);
  });

  it('tells which meetings cite a file as an agenda item’s paper, published once the meeting is, and forgets a removed item’s papers', async () => {
    const item = randomUUID();
    const stream = `meeting-${meeting}`;
    await append(
      stream,
      event('MeetingScheduled', {
        meetingId: meeting,
        bodyId: randomUUID(),
        number: '1/2026',
        kind: 'REGULAR',
        title: null,
        startsAt: '2026-02-01T10:00:00.000Z',
        place: 'Қарағанды',
        format: 'IN_PERSON',
        scheduledAt: '2026-01-10T00:00:00.000Z',
      }),
    );
    await append(
      stream,
      event('AgendaItemAdded', {
        meetingId: meeting,
        itemId: item,
        title: { ru: 'Проект закона' },
        speaker: null,
        addedAt: '2026-01-10T00:00:00.000Z',
      }),
    );
    await append(
      stream,
      event('AgendaItemPaperAttached', {
        meetingId: meeting,
        itemId: item,
        paper: { name: 'заң жобасы.pdf', sha256: A, uri: null },
        attachedAt: '2026-01-11T00:00:00.000Z',
      }),
    );
    await append(`recommendation-${rec}`, adopted);
    await append(`recommendation-${rec}`, progress);
    expect(queries.citing(A)).toEqual([
      { kind: 'PAPER', citedBy: meeting, published: false, name: 'заң жобасы.pdf' },
      { kind: 'EVIDENCE', citedBy: rec, published: false, name: 'акт.pdf' },
    ]);
    await append(stream, event('MeetingPublished', { meetingId: meeting, publishedAt: '2026-03-02T00:00:00.000Z' }));
    expect(queries.citing(A).map((c) => [c.kind, c.published])).toEqual([
      ['PAPER', true],
      ['EVIDENCE', true],
    ]);
    // A paper stays with its meeting once held; removing the item before the meeting drops it.
    const other = randomUUID();
    await append(
      `meeting-${other}`,
      event('MeetingScheduled', {
        meetingId: other,
        bodyId: randomUUID(),
        number: '2/2026',
        kind: 'REGULAR',
        title: null,
        startsAt: '2026-05-01T10:00:00.000Z',
        place: 'Теміртау',
        format: 'IN_PERSON',
        scheduledAt: '2026-03-01T00:00:00.000Z',
      }),
    );
    await append(
      `meeting-${other}`,
      event('AgendaItemAdded', {
        meetingId: other,
        itemId: item,
        title: { kk: 'Есеп' },
        speaker: null,
        addedAt: '2026-03-01T00:00:00.000Z',
      }),
    );
    await append(
      `meeting-${other}`,
      event('AgendaItemPaperAttached', {
        meetingId: other,
        itemId: item,
        paper: { name: 'есеп.pdf', sha256: 'c'.repeat(64), uri: null },
        attachedAt: '2026-03-01T00:00:00.000Z',
      }),
    );
    expect(queries.citing('c'.repeat(64))).toHaveLength(1);
    await append(`meeting-${other}`, event('AgendaItemRemoved', { meetingId: other, itemId: item, removedAt: '2026-03-02T00:00:00.000Z' }));
    expect(queries.citing('c'.repeat(64))).toEqual([]);
  });
});
