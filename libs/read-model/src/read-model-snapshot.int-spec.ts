import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { PublicChangeQueries } from './projections/public-changes.projection';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { RecommendationQueries } from './projections/recommendation-rows.queries';
import { adoption, decideAll } from './testing/recommendation-histories';

const AT = '2026-01-01T00:00:00.000Z';

describe('a snapshot of the read model (what a streamed open-data file reads)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let readModel: ReadModelDb;
  let projector: Projector;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gov-snapshot-'));
    events = new SqliteEventStore({ dataDir: dir });
    readModel = new ReadModelDb(dir);
    projector = new Projector(events, readModel);
    await projector.start();
  });
  afterEach(async () => {
    await projector.stop();
    readModel.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (stream: string, type: string, data: Record<string, unknown>) =>
    events.appendToStream(stream, [{ id: randomUUID(), type, data }]);

  /** A held meeting with `count` recommendations adopted at it, unpublished. */
  async function meetingWith(count: number): Promise<{ meetingId: string; ids: string[] }> {
    const meetingId = randomUUID();
    await append(`meeting-${meetingId}`, 'MeetingScheduled', {
      meetingId,
      bodyId: 'b',
      number: `${count}/2026`,
      kind: 'REGULAR',
      title: null,
      startsAt: AT,
      place: 'Қарағанды',
      format: 'IN_PERSON',
      scheduledAt: AT,
    });
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids)
      await events.appendToStream(
        `recommendation-${id}`,
        decideAll([adoption(id, AT, meetingId)]).map((e) => ({ id: randomUUID(), type: e.type, data: e.data })),
      );
    return { meetingId, ids };
  }

  const publish = (meetingId: string) => append(`meeting-${meetingId}`, 'MeetingPublished', { meetingId, publishedAt: AT });

  it('a meeting published while a file is read page by page adds none of its recommendations, and the stated position stays', async () => {
    const first = await meetingWith(3);
    const second = await meetingWith(3);
    await projector.waitFor((await publish(first.meetingId)).position, 5000);
    const now = new Date(AT);

    const snapshot = readModel.snapshot();
    try {
      const stated = new PublicChangeQueries(snapshot.db).lastChange('recommendations').position;
      const queries = new RecommendationQueries(snapshot.db);
      const page = (after?: string) =>
        queries.list({ filter: { publishedOnly: true }, orderBy: 'ADOPTED_AT_ASC', first: 2, after, asOfPosition: stated, now });
      const seen = page().nodes;

      // The second meeting is published and projected between two pages of the file.
      const later = await publish(second.meetingId);
      await projector.waitFor(later.position, 5000);
      expect(new PublicChangeQueries(readModel.db).lastChange('recommendations').position).toBe(later.position);

      let next = page(seen.at(-1)!.cursor);
      seen.push(...next.nodes);
      while (next.hasNextPage) seen.push(...(next = page(next.nodes.at(-1)!.cursor)).nodes);
      expect(seen.map((n) => n.node.id).sort()).toEqual([...first.ids].sort());
      expect(new PublicChangeQueries(snapshot.db).lastChange('recommendations').position).toBe(stated);
    } finally {
      snapshot.close();
    }

    // Outside the snapshot, a file started now has all six.
    const all = new RecommendationQueries(readModel.db).list({ filter: { publishedOnly: true }, first: 50, now });
    expect(all.nodes).toHaveLength(6);
  });
});
