import {
  BodyEvent,
  BodyState,
  DomainEvent,
  Guest,
  MeetingEvent,
  MeetingFormat,
  MeetingState,
  MultilingualText,
  RecommendationEvent,
  RecommendationState,
  Timeliness,
  UnitEvent,
  bodyDecider,
  meetingDecider,
  recommendationDecider,
  streamIds,
  timeliness,
  unitDecider,
  upcasters,
} from '@gov/domain';
import { EventStore, RecordedEvent } from '@gov/event-store';

/**
 * State at a log position is the domain's own fold of each stream's events up to it: exactly what
 * a replay of the log up to that position gives, with no clock and no read-model lag involved.
 */
async function eventsUpTo<E extends DomainEvent>(events: EventStore, streamId: string, position: bigint) {
  const stored = await events.readStream(streamId);
  return stored.filter((e) => e.position <= position).map((e) => ({ recorded: e, event: upcasters.upcastStored<E>(e) }));
}

/** What the minutes need beyond the decider's state: how it is held, who came, and the dates. */
export interface MeetingAt {
  state: MeetingState;
  title: MultilingualText | null;
  format: MeetingFormat | null;
  /** Guests' names may be withheld from the public (a police guest, docs/architecture.md, "Who may read what"). */
  held: {
    heldAt: string;
    membersPresent: string[];
    membersTotal: number;
    guests: Array<Omit<Guest, 'fullName'> & { fullName: string | null }>;
    quorum: boolean;
    position: bigint;
  } | null;
  cancelledAt: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
}

export async function meetingAt(events: EventStore, meetingId: string, position: bigint): Promise<MeetingAt | null> {
  const stream = await eventsUpTo<MeetingEvent>(events, streamIds.meeting(meetingId), position);
  if (stream.length === 0) return null;
  const at: MeetingAt = {
    state: meetingDecider.initialState(),
    title: null,
    format: null,
    held: null,
    cancelledAt: null,
    approvedAt: null,
    publishedAt: null,
  };
  for (const { recorded, event } of stream) {
    at.state = meetingDecider.evolve(at.state, event);
    if (event.type === 'MeetingScheduled') [at.title, at.format] = [event.data.title, event.data.format];
    if (event.type === 'MeetingHeld') at.held = { ...event.data, position: recorded.position };
    if (event.type === 'MeetingTitleChanged') at.title = event.data.title;
    if (event.type === 'MeetingCancelled') at.cancelledAt = event.data.cancelledAt;
    if (event.type === 'MinutesApproved') at.approvedAt = event.data.approvedAt;
    if (event.type === 'MeetingPublished') at.publishedAt = event.data.publishedAt;
  }
  return at;
}

export async function bodyAt(events: EventStore, bodyId: string, position: bigint): Promise<BodyState> {
  const stream = await eventsUpTo<BodyEvent>(events, streamIds.body(bodyId), position);
  return stream.reduce((state, { event }) => bodyDecider.evolve(state, event), bodyDecider.initialState());
}

/** A recommendation as it stood, with its evidence and what is derived at the position's time. */
export interface RecommendationAt extends Timeliness {
  id: string;
  state: RecommendationState;
  evidence: string[];
  lastChangedAt: string;
}

export async function recommendationAt(events: EventStore, id: string, point: { position: bigint; at: string | null }) {
  const stream = await eventsUpTo<RecommendationEvent>(events, streamIds.recommendation(id), point.position);
  if (stream.length === 0) return null;
  let state = recommendationDecider.initialState();
  const evidence: string[] = [];
  let last: RecordedEvent = stream[0]!.recorded;
  for (const { recorded, event } of stream) {
    state = recommendationDecider.evolve(state, event);
    if (event.type === 'ProgressReported' || event.type === 'ImplementationReported')
      evidence.push(...event.data.evidence.map((e) => e.name));
    last = recorded;
  }
  const nowMs = point.at ? Date.parse(point.at) : 0;
  return { id, state, evidence, lastChangedAt: last.recordedAt, ...timeliness(state, nowMs) } satisfies RecommendationAt;
}

/** Unit names as they stood, looked up once per unit for one report. */
export function unitNamesAt(events: EventStore, position: bigint) {
  const cache = new Map<string, Promise<MultilingualText | null>>();
  return (unitId: string) => {
    let name = cache.get(unitId);
    if (!name) {
      name = eventsUpTo<UnitEvent>(events, streamIds.unit(unitId), position).then(
        (stream) => stream.reduce((state, { event }) => unitDecider.evolve(state, event), unitDecider.initialState()).name,
      );
      cache.set(unitId, name);
    }
    return name;
  };
}
