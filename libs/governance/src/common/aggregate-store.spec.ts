import { randomUUID } from 'node:crypto';
import { streamIds } from '@gov/domain';
import { InMemoryEventStore, ReadStreamOptions, RecordedEvent } from '@gov/event-store';
import { Actor } from './actor';
import { AcceptRecommendationCommand } from '../recommendation/accept-recommendation';
import { AddCommentCommand } from '../recommendation/add-comment';
import { ReportProgressCommand } from '../recommendation/report-progress';
import { assignedHistory, writeSideSpec } from '../testing/write-side-spec';

/** One log that counts the loads of each stream, and the appends tried. */
class CountingStore extends InMemoryEventStore {
  readonly loads = new Map<string, number>();
  appends = 0;

  override readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.loads.set(streamId, (this.loads.get(streamId) ?? 0) + 1);
    return super.readStream(streamId, options);
  }

  override appendToStream(...args: Parameters<InMemoryEventStore['appendToStream']>): ReturnType<InMemoryEventStore['appendToStream']> {
    this.appends++;
    return super.appendToStream(...args);
  }
}

/** A log that tells its writers of appends as PostgreSQL's notifications tell a replica of the others'. */
class TellingStore extends CountingStore {
  private readonly listeners: ((streamId: string, revision: bigint) => void)[] = [];

  onAppendedElsewhere(listener: (streamId: string, revision: bigint) => void): () => void {
    this.listeners.push(listener);
    return () => undefined;
  }

  tell(streamId: string, revision: bigint): void {
    for (const listener of this.listeners) listener(streamId, revision);
  }
}

const bodyId = randomUUID();
const leadUnit = randomUUID();
const actor = (sub: string, ...roles: string[]): Actor => ({ sub, name: sub, roles });
const secretary = actor('secretary', `secretary:${bodyId}`);
const lead = actor('lead-officer', `unit:${leadUnit}`);
const assigned = (recommendationId: string) => assignedHistory(recommendationId, bodyId, leadUnit);
const progress = (recommendationId: string, percent: number) => ({ recommendationId, percent, note: `${percent} %`, evidence: [] });

/** Two replicas of the write side (each its own AggregateStore) on one log. */
describe('the write side remembers the state its last command left a stream in', () => {
  const store = new CountingStore();
  let a: Awaited<ReturnType<typeof writeSideSpec>>;
  let b: Awaited<ReturnType<typeof writeSideSpec>>;
  beforeAll(async () => {
    [a, b] = [await writeSideSpec(store), await writeSideSpec(store)];
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  async function givenAssigned() {
    const recommendationId = randomUUID();
    const streamId = streamIds.recommendation(recommendationId);
    await a.given(streamId, assigned(recommendationId));
    return { recommendationId, streamId, loads: () => store.loads.get(streamId) ?? 0 };
  }
  const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);

  it('decides the next command on a stream without loading it again', async () => {
    const { recommendationId, streamId, loads } = await givenAssigned();
    await a.when(AcceptRecommendationCommand, { recommendationId }, lead);
    expect(loads()).toBe(1);
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 10), lead)).resolves.toMatchObject({ revision: 3n });
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 20), lead)).resolves.toMatchObject({ revision: 4n });
    expect(loads()).toBe(1);
    expect(await types(streamId)).toEqual([
      'RecommendationAdopted',
      'ResponsibilityAssigned',
      'RecommendationAccepted',
      'ProgressReported',
      'ProgressReported',
    ]);
  });

  it('lands after what another replica wrote meanwhile: the append at the remembered revision is refused, and the command is decided again on a load', async () => {
    const { recommendationId, streamId, loads } = await givenAssigned();
    await a.when(AcceptRecommendationCommand, { recommendationId }, lead);
    await b.when(ReportProgressCommand, progress(recommendationId, 10), lead);
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 20), lead)).resolves.toMatchObject({ revision: 4n });
    expect(loads()).toBe(3);
    const stored = await store.readStream(streamId);
    expect(stored.slice(3).map((e) => e.data.percent)).toEqual([10, 20]);
  });

  it('refuses only on a fresh load: a command the remembered state would refuse succeeds once the log shows another replica made it valid', async () => {
    const { recommendationId, streamId } = await givenAssigned();
    // A remembers the recommendation as assigned, not yet accepted: progress would be refused there.
    await a.when(AddCommentCommand, { recommendationId, text: 'Просим ускорить' }, secretary);
    await b.when(AcceptRecommendationCommand, { recommendationId }, lead);
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 30), lead)).resolves.toMatchObject({ revision: 4n });
    expect(await types(streamId)).toEqual([
      'RecommendationAdopted',
      'ResponsibilityAssigned',
      'CommentAdded',
      'RecommendationAccepted',
      'ProgressReported',
    ]);
  });

  it('answers a commandId another replica handled with that first result, though this replica remembers the stream from before it', async () => {
    const { recommendationId, streamId } = await givenAssigned();
    await a.when(AcceptRecommendationCommand, { recommendationId }, lead);
    const commandId = randomUUID();
    const first = await b.when(ReportProgressCommand, progress(recommendationId, 40), lead, { commandId });
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 40), lead, { commandId })).resolves.toEqual({
      ...first,
      replayed: true,
    });
    // And a later retry on A, now remembering the stream past it, still answers the same.
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 40), lead, { commandId })).resolves.toEqual({
      ...first,
      replayed: true,
    });
    expect((await types(streamId)).filter((t) => t === 'ProgressReported')).toHaveLength(1);
  });

  it('answers a commandId it handled itself from what it remembers, and refuses its reuse for another command', async () => {
    const { recommendationId, loads } = await givenAssigned();
    const commandId = randomUUID();
    const first = await a.when(AcceptRecommendationCommand, { recommendationId }, lead, { commandId });
    await expect(a.when(AcceptRecommendationCommand, { recommendationId }, lead, { commandId })).resolves.toEqual({
      ...first,
      replayed: true,
    });
    expect(loads()).toBe(1);
    // A refusal is only ever given on a fresh load.
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 50), lead, { commandId })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(loads()).toBe(2);
  });
});

describe('the write side forgets what it remembers of a stream once the log tells it another replica changed it', () => {
  it('loads the recommendation afresh, without first trying an append at the revision it remembered', async () => {
    const store = new TellingStore();
    const [a, b] = [await writeSideSpec(store), await writeSideSpec(store)];
    const recommendationId = randomUUID();
    const streamId = streamIds.recommendation(recommendationId);
    await a.given(streamId, assigned(recommendationId));
    await a.when(AcceptRecommendationCommand, { recommendationId }, lead);
    const changed = await b.when(ReportProgressCommand, progress(recommendationId, 10), lead);
    store.tell(streamId, changed.revision);
    const [loads, appends] = [store.loads.get(streamId) ?? 0, store.appends];
    await expect(a.when(ReportProgressCommand, progress(recommendationId, 20), lead)).resolves.toMatchObject({ revision: 4n });
    expect([(store.loads.get(streamId) ?? 0) - loads, store.appends - appends]).toEqual([1, 1]);
    // What it told of revisions it already holds changes nothing: the next command loads nothing.
    store.tell(streamId, 4n);
    await a.when(ReportProgressCommand, progress(recommendationId, 30), lead);
    expect(store.loads.get(streamId)).toBe(loads + 1);
    await Promise.all([a.close(), b.close()]);
  });
});
