import { Field, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import { TIMELINE_KINDS, TimelineKind } from '@gov/read-model';
import { OriginEnum, PriorityEnum, RecommendationStatusEnum, enumOf } from './enums';

/** What happened to a recommendation. */
export const TimelineKindEnum = enumOf(TIMELINE_KINDS, 'TimelineKind');

@ObjectType({ description: 'Who did it' })
export class TimelineActor {
  @Field(() => String, { nullable: true, description: 'The identity provider subject; withheld from anonymous readers' })
  sub: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Personal name; withheld from anonymous readers (they see the unit or body acted for) unless PUBLIC_SHOW_PERSON_NAMES',
  })
  name: string | null;
  @Field(() => String, { nullable: true, description: 'The role the action relied on, e.g. secretary:<bodyId> or unit:<unitId>' })
  role: string | null;
  /** The unit acted for (resolved to `unit`). */
  unitId: string | null;
}

@ObjectType({ description: 'A file or link a report cited (see Recommendation.evidence for all of them)' })
export class TimelineEvidence {
  @Field() name: string;
  @Field({ description: 'SHA-256 of the file, hex' }) sha256: string;
  @Field(() => String, { nullable: true }) uri: string | null;
}

/** Maps each kind to its GraphQL type; filled in below, read when a value's type is resolved. */
const TYPE_OF_KIND = {} as Record<TimelineKind, unknown>;

@InterfaceType('TimelineEntry', {
  description: 'One thing that happened to a recommendation, in log order',
  resolveType: (entry: { kind: TimelineKind }) => TYPE_OF_KIND[entry.kind],
})
export abstract class TimelineEntry {
  @Field(() => TimelineKindEnum) kind: TimelineKind;
  @Field({ description: 'Business time (when it happened, as the actor said)' }) at: string;
  @Field({ description: 'Server time the log recorded it' }) recordedAt: string;
  @Field({ description: 'Log position (decimal)' }) position: string;
  @Field(() => TimelineActor, { nullable: true, description: 'Null for history recorded without an actor' })
  actor: TimelineActor | null;
}

const entry = (kind: TimelineKind, description: string) => (target: abstract new () => TimelineEntry) => {
  ObjectType(target.name, { implements: () => TimelineEntry, description })(target);
  TYPE_OF_KIND[kind] = target;
};

@entry('ADOPTED', 'Adopted by the body at a meeting')
export class TimelineAdopted extends TimelineEntry {
  @Field() number: string;
  @Field(() => ID) meetingId: string;
  @Field(() => ID) agendaItemId: string;
  @Field(() => OriginEnum) origin: string;
  @Field(() => PriorityEnum) priority: string;
}

@entry('ASSIGNED', 'Lead unit, co-executors and due date set')
export class TimelineAssigned extends TimelineEntry {
  @Field(() => ID) leadUnitId: string;
  @Field(() => [ID]) coExecutorUnitIds: string[];
  @Field() dueDate: string;
}

@entry('ACCEPTED', 'The lead unit accepted it')
export class TimelineAccepted extends TimelineEntry {
  @Field(() => String, { nullable: true }) note: string | null;
}

@entry('DISPUTED', 'The unit disputed it')
export class TimelineDisputed extends TimelineEntry {
  @Field() justification: string;
}

@entry('PROGRESS', 'A unit reported progress')
export class TimelineProgress extends TimelineEntry {
  @Field(() => Int) percent: number;
  // Nullable like every other entry's note, so one query can ask for note across kinds; always present here.
  @Field(() => String, { nullable: true, description: 'Always present on progress' }) note: string;
  @Field(() => [TimelineEvidence]) evidence: TimelineEvidence[];
}

@entry('EXTENSION_REQUESTED', 'A unit asked for a later due date')
export class TimelineExtensionRequested extends TimelineEntry {
  @Field() requestedDueDate: string;
  @Field() reason: string;
}

@entry('EXTENSION_GRANTED', 'The due date was extended')
export class TimelineExtensionGranted extends TimelineEntry {
  @Field() newDueDate: string;
  @Field() previousDueDate: string;
  @Field(() => String, { nullable: true, description: 'The secretary’s note on the decision' }) note: string | null;
}

@entry('EXTENSION_REFUSED', 'The extension was refused')
export class TimelineExtensionRefused extends TimelineEntry {
  @Field() requestedDueDate: string;
  @Field() reason: string;
}

@entry('IMPLEMENTATION_REPORTED', 'The unit reported it implemented')
export class TimelineImplementationReported extends TimelineEntry {
  @Field() summary: string;
  @Field(() => [TimelineEvidence]) evidence: TimelineEvidence[];
}

@entry('VERIFIED', 'The body verified the implementation: closed as implemented')
export class TimelineVerified extends TimelineEntry {
  @Field(() => String, { nullable: true }) note: string | null;
}

@entry('RETURNED', 'The body returned the implementation report')
export class TimelineReturned extends TimelineEntry {
  @Field() reason: string;
}

@entry('CLOSED_NOT_IMPLEMENTED', 'Closed as not implemented')
export class TimelineClosedNotImplemented extends TimelineEntry {
  @Field() reason: string;
}

@entry('WITHDRAWN', 'Withdrawn by the body')
export class TimelineWithdrawn extends TimelineEntry {
  @Field() reason: string;
}

@entry('REOPENED', 'Reopened after it was closed')
export class TimelineReopened extends TimelineEntry {
  @Field() reason: string;
  @Field(() => RecommendationStatusEnum, { description: 'The status it was reopened to' }) status: string;
}

@entry('COMMENT', 'A comment by the secretary or a responsible unit')
export class TimelineComment extends TimelineEntry {
  @Field(() => ID) commentId: string;
  @Field() text: string;
}
