import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTime } from './date-time.scalar';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Origin, Priority, RecommendationStatus } from '@gov/domain';
import {
  BodyKindEnum,
  GuestCategoryEnum,
  MeetingFormatEnum,
  MeetingKindEnum,
  MemberRoleEnum,
  OriginEnum,
  PriorityEnum,
  RecommendationStatusEnum,
  UnitKindEnum,
} from './enums';
import { BodyStatusEnum, MEETING_STATUSES, MeetingStatusEnum } from './status.types';
import { RecommendationFilterRules } from '../read-access/recommendation-filter';

@ObjectType()
export class MultilingualText {
  @Field({ nullable: true }) kk?: string;
  @Field({ nullable: true }) ru?: string;
  @Field({ nullable: true }) en?: string;
}

@ObjectType()
export class Unit {
  @Field(() => ID) id: string;
  @Field(() => MultilingualText) name: MultilingualText;
  @Field(() => UnitKindEnum) kind: string;
  @Field(() => ID, { nullable: true }) parentUnitId: string | null;
  @Field() status: string;
  @Field() registeredAt: string;
  @Field() revision: string;
}

@ObjectType()
export class Member {
  @Field(() => ID) memberId: string;
  @Field() fullName: string;
  @Field(() => MemberRoleEnum) role: string;
  @Field(() => String, { nullable: true, description: 'Withheld from anonymous readers' }) affiliation: string | null;
  @Field(() => String, { nullable: true, description: 'Withheld from anonymous readers' }) appointedAt: string | null;
}

@ObjectType()
export class Body {
  @Field(() => ID) id: string;
  @Field(() => MultilingualText) name: MultilingualText;
  @Field(() => BodyKindEnum) kind: string;
  @Field(() => ID) hostUnitId: string;
  @Field() region: string;
  @Field(() => BodyStatusEnum) status: string;
  @Field() establishedAt: string;
  @Field() revision: string;
}

@ObjectType()
export class Guest {
  @Field(() => String, { nullable: true, description: 'Withheld for police guests from anonymous readers unless PUBLIC_SHOW_PERSON_NAMES' })
  fullName: string | null;
  @Field() organization: string;
  @Field(() => GuestCategoryEnum) category: string;
}

@ObjectType()
export class ReportBack {
  @Field(() => [ID]) coversMeetingIds: string[];
  @Field({ description: 'Log position the item is frozen at' }) asOfPosition: string;
}

@ObjectType({ description: 'A paper of an agenda item (the draft discussed, a report): a file in the evidence store, or a link' })
export class MeetingPaper {
  @Field() name: string;
  @Field({ description: 'SHA-256 of the file; GET /files/<sha256> serves it: to anyone once the meeting is published' })
  sha256: string;
  @Field(() => String, { nullable: true }) uri: string | null;
  @Field({ description: 'When the paper was attached (business time)' }) attachedAt: string;
  @Field({ description: 'Log position of the attachment' }) position: string;
}

@ObjectType()
export class AgendaItem {
  @Field(() => ID) itemId: string;
  @Field(() => Int) order: number;
  @Field(() => MultilingualText) title: MultilingualText;
  speaker: string | null;
  @Field(() => MultilingualText, { nullable: true }) minutes: MultilingualText | null;
  @Field(() => ReportBack, { nullable: true }) reportBack: ReportBack | null;
  @Field(() => [MeetingPaper], { description: 'Papers attached to the item, in the order attached' }) papers: MeetingPaper[];
}

@ObjectType()
export class Meeting {
  @Field(() => ID) id: string;
  @Field(() => ID) bodyId: string;
  @Field() number: string;
  @Field(() => MeetingKindEnum) kind: string;
  @Field(() => MultilingualText, { nullable: true }) title: MultilingualText | null;
  @Field() startsAt: string;
  @Field() place: string;
  @Field(() => MeetingFormatEnum) format: string;
  @Field(() => MeetingStatusEnum) status: string;
  @Field(() => String, { nullable: true }) heldAt: string | null;
  @Field(() => [ID]) membersPresent: string[];
  @Field(() => Int, { nullable: true }) membersTotal: number | null;
  @Field(() => [Guest]) guests: Guest[];
  @Field(() => Boolean, { nullable: true }) quorum: boolean | null;
  @Field(() => String, { nullable: true }) minutesApprovedAt: string | null;
  @Field() published: boolean;
  @Field(() => String, { nullable: true }) publishedAt: string | null;
  @Field(() => String, { nullable: true }) cancelReason: string | null;
  @Field() revision: string;
}

@ObjectType()
export class PendingExtension {
  @Field(() => ID) unitId: string;
  @Field() requestedDueDate: string;
  @Field() reason: string;
  @Field() requestedAt: string;
}

@ObjectType()
export class Recommendation {
  @Field(() => ID) id: string;
  @Field(() => ID) bodyId: string;
  @Field(() => ID) meetingId: string;
  @Field(() => ID) agendaItemId: string;
  @Field() number: string;
  @Field(() => MultilingualText) text: MultilingualText;
  @Field(() => OriginEnum) origin: string;
  @Field(() => PriorityEnum) priority: string;
  @Field(() => RecommendationStatusEnum) status: string;
  @Field(() => ID, { nullable: true }) leadUnitId: string | null;
  @Field(() => [ID]) coExecutorUnitIds: string[];
  @Field(() => String, { nullable: true }) dueDate: string | null;
  @Field(() => String, { nullable: true, description: 'The first due date; extensions never change it' }) originalDueDate: string | null;
  @Field(() => Int) extensions: number;
  @Field(() => PendingExtension, { nullable: true }) pendingExtension: PendingExtension | null;
  @Field(() => Int) percent: number;
  @Field() adoptedAt: string;
  @Field(() => String, { nullable: true }) closedAt: string | null;
  @Field() updatedAt: string;
  @Field(() => String, { nullable: true, description: 'Stream revision (null in asOf answers)' }) revision: string | null;
  @Field({ description: 'Due date passed and not closed, at the time of the query (or asOf)' }) overdue: boolean;
  @Field(() => Int) daysOpen: number;
  @Field(() => Int) daysOverdue: number;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType()
export class RecommendationEdge {
  @Field(() => Recommendation) node: Recommendation;
  @Field() cursor: string;
}

@ObjectType()
export class RecommendationConnection {
  @Field(() => [RecommendationEdge]) edges: RecommendationEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  count?: () => number;
}

@ObjectType()
export class MeetingConnection {
  @Field(() => [Meeting]) nodes: Meeting[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  count?: () => number;
}

@ObjectType()
export class StatusCount {
  @Field(() => RecommendationStatusEnum) status: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class RecommendationStatsGroup {
  @Field(() => String, { nullable: true, description: 'Status, unit id, body id or YYYY-MM, by groupBy; null for NONE' }) key:
    string | null;
  @Field(() => Int) total: number;
  @Field(() => Int) open: number;
  @Field(() => Int) overdue: number;
  @Field(() => [StatusCount]) byStatus: StatusCount[];
  @Field(() => Int) implemented: number;
  @Field(() => Int) notImplemented: number;
  @Field(() => Float, { nullable: true, description: 'Implemented / (implemented + closed not implemented)' }) implementationRate:
    number | null;
  @Field(() => Float, { nullable: true }) medianDaysToClose: number | null;
}

@ObjectType()
export class EventActor {
  @Field() sub: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'The role the action relied on' }) role: string | null;
}

@ObjectType()
export class HistoryEvent {
  @Field() position: string;
  @Field() streamId: string;
  @Field() revision: string;
  @Field() type: string;
  @Field({ description: 'Event data as JSON' }) data: string;
  @Field(() => EventActor, { nullable: true }) actor: EventActor | null;
  @Field(() => String, { nullable: true }) occurredAt: string | null;
  @Field() recordedAt: string;
  @Field(() => String, { nullable: true }) commandId: string | null;
  @Field(() => String, { nullable: true }) correlationId: string | null;
  @Field() hash: string;
}

@ObjectType()
export class ChangeFeed {
  @Field(() => [HistoryEvent]) events: HistoryEvent[];
  @Field({ description: 'Pass as `after` to continue' }) endCursor: string;
  @Field() hasMore: boolean;
}

const payload = (name: string) => {
  @ObjectType({ isAbstract: true })
  abstract class Payload {
    @Field({ description: `Log position of the write; the ${name} above already reflects it` }) position: string;
    @Field({ description: 'Stream revision after the write' }) revision: string;
    @Field({ description: 'True when this commandId had already been handled' }) replayed: boolean;
  }
  return Payload;
};

@ObjectType()
export class UnitPayload extends payload('unit') {
  @Field(() => Unit) unit: Unit;
}
@ObjectType()
export class BodyPayload extends payload('body') {
  @Field(() => Body) body: Body;
}
@ObjectType()
export class MeetingPayload extends payload('meeting') {
  @Field(() => Meeting) meeting: Meeting;
}
@ObjectType()
export class RecommendationPayload extends payload('recommendation') {
  @Field(() => Recommendation) recommendation: Recommendation;
}

export enum RecommendationOrderEnum {
  ADOPTED_AT_DESC = 'ADOPTED_AT_DESC',
  ADOPTED_AT_ASC = 'ADOPTED_AT_ASC',
  DUE_DATE_ASC = 'DUE_DATE_ASC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
}
registerEnumType(RecommendationOrderEnum, { name: 'RecommendationOrder' });

export enum StatsGroupByEnum {
  NONE = 'NONE',
  STATUS = 'STATUS',
  UNIT = 'UNIT',
  BODY = 'BODY',
  MONTH = 'MONTH',
}
registerEnumType(StatsGroupByEnum, { name: 'StatsGroupBy' });

/** The rules are the transport-neutral filter's; this adds the GraphQL fields. */
@InputType()
export class RecommendationFilterInput extends RecommendationFilterRules {
  @Field(() => [ID], { nullable: true }) declare bodyIds?: string[];
  @Field(() => [ID], { nullable: true }) declare meetingIds?: string[];
  @Field(() => ID, { nullable: true, description: 'Lead or co-executor' }) declare unitId?: string;
  @Field({ nullable: true, description: 'With unitId: only where the unit leads' }) declare leadOnly?: boolean;
  @Field(() => [RecommendationStatusEnum], { nullable: true }) declare statuses?: RecommendationStatus[];
  @Field({ nullable: true }) declare overdue?: boolean;
  @Field({ nullable: true }) declare dueFrom?: string;
  @Field({ nullable: true }) declare dueTo?: string;
  @Field(() => DateTime, { nullable: true }) declare adoptedFrom?: Date;
  @Field(() => DateTime, { nullable: true }) declare adoptedTo?: Date;
  @Field(() => [OriginEnum], { nullable: true }) declare origins?: Origin[];
  @Field(() => [PriorityEnum], { nullable: true }) declare priorities?: Priority[];
  @Field({ nullable: true, description: 'Case-insensitive search in every language and the number' }) declare text?: string;
  @Field({ nullable: true, description: 'Only those with (true) or without (false) an extension request awaiting a decision' })
  declare extensionPending?: boolean;
}

@InputType()
export class MeetingFilterInput {
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsUUID('all', { each: true }) @ArrayMaxSize(100) bodyIds?: string[];
  @Field(() => [MeetingStatusEnum], { nullable: true })
  @IsOptional()
  @IsIn(MEETING_STATUSES, { each: true })
  statuses?: string[];
  @Field(() => [MeetingKindEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(10) kinds?: string[];
  @Field(() => DateTime, { nullable: true }) @IsOptional() @Type(() => Date) from?: Date;
  @Field(() => DateTime, { nullable: true }) @IsOptional() @Type(() => Date) to?: Date;
  @Field({ nullable: true, description: 'Case-insensitive search in the number, title (every language) and place' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string;
  @Field({ nullable: true, description: 'Only published (true) or unpublished (false) meetings' })
  @IsOptional()
  @IsBoolean()
  published?: boolean;
}
