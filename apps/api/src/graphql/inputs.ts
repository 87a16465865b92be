import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateTime } from './date-time.scalar';
import { BodyKind, GuestCategory, Language, MeetingFormat, MeetingKind, MemberRole, Origin, Priority, UnitKind } from '@gov/domain';
import * as g from '@gov/governance';
import {
  BodyKindEnum,
  GuestCategoryEnum,
  LanguageEnum,
  MeetingFormatEnum,
  MeetingKindEnum,
  MemberRoleEnum,
  OriginEnum,
  PriorityEnum,
  UnitKindEnum,
} from './enums';

/*
 * The GraphQL shape of each command's payload. Validation is the write side's (class-validator on
 * the payload classes of @gov/governance): mutations declare the payload class as the argument's
 * type, so the validation pipe checks and builds that class, never these.
 */

@InputType('MultilingualTextInput', { description: 'Text in Kazakh, Russian and/or English; at least one is required.' })
export class MultilingualTextInput implements g.MultilingualTextPayload {
  @Field({ nullable: true }) kk?: string;
  @Field({ nullable: true }) ru?: string;
  @Field({ nullable: true }) en?: string;
}

@InputType('EvidenceInput')
export class EvidenceInput implements g.EvidencePayload {
  @Field() name: string;
  @Field({ description: 'SHA-256 of the file, 64 hex digits' }) sha256: string;
  @Field({ nullable: true }) uri?: string;
}

@InputType()
export class GuestInput implements g.GuestPayload {
  @Field() fullName: string;
  @Field() organization: string;
  @Field(() => GuestCategoryEnum) category: GuestCategory;
}

@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field(() => ID, { nullable: true, description: 'Idempotency key: repeating it returns the first result.' }) commandId?: string;
  @Field({ nullable: true, description: 'Revision you last read (decimal); a mismatch is a CONFLICT.' }) expectedRevision?: string;
  @Field(() => DateTime, { nullable: true, description: 'When it happened, if not now.' }) occurredAt?: Date;
}

@InputType({ isAbstract: true })
export abstract class RecommendationInput extends CommandInput {
  @Field(() => ID) recommendationId: string;
}

@InputType({ isAbstract: true })
export abstract class UnitActionInput extends RecommendationInput {
  @Field(() => ID, { nullable: true, description: 'The unit you act for; needed only when your token carries several' })
  actingUnitId?: string;
}

@InputType()
export class AppointMemberInput extends CommandInput implements g.AppointMemberPayload {
  @Field(() => ID) bodyId: string;
  @Field(() => ID, { nullable: true }) memberId?: string;
  @Field() fullName: string;
  @Field(() => MemberRoleEnum) role: MemberRole;
  @Field({ nullable: true }) affiliation?: string;
}

@InputType()
export class ChangeMemberRoleInput extends CommandInput implements g.ChangeMemberRolePayload {
  @Field(() => ID) bodyId: string;
  @Field(() => ID) memberId: string;
  @Field(() => MemberRoleEnum) role: MemberRole;
}

@InputType()
export class DissolveBodyInput extends CommandInput implements g.DissolveBodyPayload {
  @Field(() => ID) bodyId: string;
  @Field() reason: string;
}

@InputType()
export class EstablishBodyInput extends CommandInput implements g.EstablishBodyPayload {
  @Field(() => ID, { nullable: true }) bodyId?: string;
  @Field(() => MultilingualTextInput) name: MultilingualTextInput;
  @Field(() => BodyKindEnum) kind: BodyKind;
  @Field(() => ID) hostUnitId: string;
  @Field() region: string;
}

@InputType()
export class RemoveMemberInput extends CommandInput implements g.RemoveMemberPayload {
  @Field(() => ID) bodyId: string;
  @Field(() => ID) memberId: string;
  @Field({ nullable: true }) reason?: string;
}

@InputType()
export class AddAgendaItemInput extends CommandInput implements g.AddAgendaItemPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => ID, { nullable: true }) itemId?: string;
  @Field(() => MultilingualTextInput) title: MultilingualTextInput;
  @Field({ nullable: true }) speaker?: string;
}

@InputType()
export class AddReportBackItemInput extends CommandInput implements g.AddReportBackItemPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => ID, { nullable: true }) itemId?: string;
  @Field(() => MultilingualTextInput) title: MultilingualTextInput;
  @Field(() => [ID], { description: 'Earlier meetings of the same body whose recommendations this item reports on' })
  coversMeetingIds: string[];
}

@InputType()
export class MeetingInput extends CommandInput implements g.MeetingRefPayload {
  @Field(() => ID) meetingId: string;
}

@InputType()
export class CancelMeetingInput extends CommandInput implements g.CancelMeetingPayload {
  @Field(() => ID) meetingId: string;
  @Field() reason: string;
}

@InputType()
export class AttachAgendaItemPaperInput extends CommandInput implements g.AttachAgendaItemPaperPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => ID) agendaItemId: string;
  @Field(() => EvidenceInput, { description: 'An uploaded file (POST /files) by its SHA-256 and name, or a link in uri' })
  file: EvidenceInput;
}

@InputType()
export class ChangeMeetingTitleInput extends CommandInput implements g.ChangeMeetingTitlePayload {
  @Field(() => ID) meetingId: string;
  @Field(() => MultilingualTextInput) title: MultilingualTextInput;
}

@InputType()
export class DiscussAgendaItemInput extends CommandInput implements g.DiscussAgendaItemPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => ID) itemId: string;
  @Field(() => MultilingualTextInput) minutes: MultilingualTextInput;
}

/** DiscussAgendaItemInput under the name existing clients' documents declare for recordAgendaItemMinutes. */
@InputType()
export class RecordAgendaItemMinutesInput extends DiscussAgendaItemInput {}

@InputType()
export class RecordMeetingHeldInput extends CommandInput implements g.RecordMeetingHeldPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => DateTime) heldAt: Date;
  @Field(() => [ID], { description: 'Members of the body who attended' }) membersPresent: string[];
  @Field(() => [GuestInput], { defaultValue: [] }) guests: GuestInput[];
}

@InputType()
export class RemoveAgendaItemInput extends CommandInput implements g.RemoveAgendaItemPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => ID) itemId: string;
}

@InputType()
export class ReorderAgendaInput extends CommandInput implements g.ReorderAgendaPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => [ID]) itemIds: string[];
}

@InputType()
export class RescheduleMeetingInput extends CommandInput implements g.RescheduleMeetingPayload {
  @Field(() => ID) meetingId: string;
  @Field(() => DateTime) startsAt: Date;
  @Field({ nullable: true }) place?: string;
}

@InputType()
export class ScheduleMeetingInput extends CommandInput implements g.ScheduleMeetingPayload {
  @Field(() => ID, { nullable: true }) meetingId?: string;
  @Field(() => ID) bodyId: string;
  @Field({ description: 'Like 1/2026' }) number: string;
  @Field(() => MeetingKindEnum) kind: MeetingKind;
  @Field(() => MultilingualTextInput, { nullable: true }) title?: MultilingualTextInput;
  @Field(() => DateTime) startsAt: Date;
  @Field() place: string;
  @Field(() => MeetingFormatEnum) format: MeetingFormat;
}

@InputType()
export class AcceptRecommendationInput extends UnitActionInput implements g.AcceptRecommendationPayload {
  @Field({ nullable: true }) note?: string;
}

@InputType()
export class AddCommentInput extends UnitActionInput implements g.AddCommentPayload {
  @Field(() => ID, { nullable: true }) commentId?: string;
  @Field() text: string;
}

@InputType()
export class AdoptRecommendationInput extends CommandInput implements g.AdoptRecommendationPayload {
  @Field(() => ID, { nullable: true }) recommendationId?: string;
  @Field(() => ID) meetingId: string;
  @Field(() => ID) agendaItemId: string;
  @Field({ description: 'Number within the meeting, e.g. "1" or "2.3"' }) number: string;
  @Field(() => MultilingualTextInput) text: MultilingualTextInput;
  @Field(() => OriginEnum, { defaultValue: 'BODY' }) origin: Origin;
  @Field(() => PriorityEnum, { defaultValue: 'NORMAL' }) priority: Priority;
}

@InputType()
export class AssignResponsibilityInput extends RecommendationInput implements g.AssignResponsibilityPayload {
  @Field(() => ID) leadUnitId: string;
  @Field(() => [ID], { defaultValue: [] }) coExecutorUnitIds: string[];
  @Field({ description: 'YYYY-MM-DD; due by the end of that day' }) dueDate: string;
}

@InputType()
export class DecideDeadlineExtensionInput extends RecommendationInput implements g.DecideDeadlineExtensionPayload {
  @Field() approve: boolean;
  @Field({ nullable: true, description: 'Required when refusing' }) reason?: string;
}

@InputType()
export class DisputeRecommendationInput extends UnitActionInput implements g.DisputeRecommendationPayload {
  @Field({ description: 'Why the unit disputes it' }) justification: string;
}

@InputType()
export class RecommendationReasonInput extends RecommendationInput implements g.RecommendationReasonPayload {
  @Field() reason: string;
}

@InputType()
export class RecommendationNoteInput extends RecommendationInput implements g.RecommendationNotePayload {
  @Field({ nullable: true }) note?: string;
}

@InputType()
export class ReportImplementationInput extends UnitActionInput implements g.ReportImplementationPayload {
  @Field() summary: string;
  @Field(() => [EvidenceInput], { defaultValue: [] }) evidence: EvidenceInput[];
}

@InputType()
export class ReportProgressInput extends UnitActionInput implements g.ReportProgressPayload {
  @Field(() => Int) percent: number;
  @Field() note: string;
  @Field(() => [EvidenceInput], { defaultValue: [] }) evidence: EvidenceInput[];
}

@InputType()
export class RequestDeadlineExtensionInput extends UnitActionInput implements g.RequestDeadlineExtensionPayload {
  @Field() requestedDueDate: string;
  @Field() reason: string;
}

@InputType()
export class DeactivateUnitInput extends CommandInput implements g.DeactivateUnitPayload {
  @Field(() => ID) unitId: string;
  @Field() reason: string;
}

@InputType()
export class RegisterUnitInput extends CommandInput implements g.RegisterUnitPayload {
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field(() => MultilingualTextInput) name: MultilingualTextInput;
  @Field(() => UnitKindEnum) kind: UnitKind;
  @Field(() => ID, { nullable: true }) parentUnitId?: string;
}

@InputType()
export class RenameUnitInput extends CommandInput implements g.RenameUnitPayload {
  @Field(() => ID) unitId: string;
  @Field(() => MultilingualTextInput) name: MultilingualTextInput;
}

@InputType({ isAbstract: true })
export abstract class ContactsInput extends CommandInput {
  @Field(() => [String], { description: 'Notification email addresses; an empty list turns email off' }) emails: string[];
  @Field(() => LanguageEnum, { description: 'Language of the messages sent to these addresses' }) language: Language;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: one daily digest (at DIGEST_HOUR) listing what became due, instead of one message each; default false',
  })
  digest?: boolean;
}

@InputType()
export class SetUnitContactsInput extends ContactsInput implements g.SetUnitContactsPayload {
  @Field(() => ID) unitId: string;
}

@InputType()
export class SetBodyContactsInput extends ContactsInput implements g.SetBodyContactsPayload {
  @Field(() => ID) bodyId: string;
}
