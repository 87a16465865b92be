import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateStore } from './common/aggregate-store';
import { AppointMemberHandler } from './body/appoint-member';
import { ChangeMemberRoleHandler } from './body/change-member-role';
import { DissolveBodyHandler } from './body/dissolve-body';
import { EstablishBodyHandler } from './body/establish-body';
import { RemoveMemberHandler } from './body/remove-member';
import { AddAgendaItemHandler } from './meeting/add-agenda-item';
import { AddReportBackItemHandler } from './meeting/add-report-back-item';
import { ApproveMinutesHandler } from './meeting/approve-minutes';
import { AttachAgendaItemPaperHandler } from './meeting/attach-agenda-item-paper';
import { CancelMeetingHandler } from './meeting/cancel-meeting';
import { ChangeMeetingTitleHandler } from './meeting/change-meeting-title';
import { PublishMeetingHandler } from './meeting/publish-meeting';
import { DiscussAgendaItemHandler } from './meeting/discuss-agenda-item';
import { RecordMeetingHeldHandler } from './meeting/record-meeting-held';
import { RemoveAgendaItemHandler } from './meeting/remove-agenda-item';
import { ReorderAgendaHandler } from './meeting/reorder-agenda';
import { RescheduleMeetingHandler } from './meeting/reschedule-meeting';
import { ScheduleMeetingHandler } from './meeting/schedule-meeting';
import { AcceptRecommendationHandler } from './recommendation/accept-recommendation';
import { AddCommentHandler } from './recommendation/add-comment';
import { AdoptRecommendationHandler } from './recommendation/adopt-recommendation';
import { AssignResponsibilityHandler } from './recommendation/assign-responsibility';
import { CloseRecommendationNotImplementedHandler } from './recommendation/close-recommendation-not-implemented';
import { DecideDeadlineExtensionHandler } from './recommendation/decide-deadline-extension';
import { DisputeRecommendationHandler } from './recommendation/dispute-recommendation';
import { ReopenRecommendationHandler } from './recommendation/reopen-recommendation';
import { ReportImplementationHandler } from './recommendation/report-implementation';
import { ReportProgressHandler } from './recommendation/report-progress';
import { RequestDeadlineExtensionHandler } from './recommendation/request-deadline-extension';
import { ReturnImplementationHandler } from './recommendation/return-implementation';
import { VerifyImplementationHandler } from './recommendation/verify-implementation';
import { WithdrawRecommendationHandler } from './recommendation/withdraw-recommendation';
import { DeactivateUnitHandler } from './unit/deactivate-unit';
import { RegisterUnitHandler } from './unit/register-unit';
import { RenameUnitHandler } from './unit/rename-unit';
import { SetUnitContactsHandler } from './unit/set-unit-contacts';
import { SetBodyContactsHandler } from './body/set-body-contacts';

const COMMAND_HANDLERS = [
  AppointMemberHandler,
  ChangeMemberRoleHandler,
  DissolveBodyHandler,
  EstablishBodyHandler,
  RemoveMemberHandler,
  AddAgendaItemHandler,
  AddReportBackItemHandler,
  ApproveMinutesHandler,
  AttachAgendaItemPaperHandler,
  CancelMeetingHandler,
  ChangeMeetingTitleHandler,
  PublishMeetingHandler,
  DiscussAgendaItemHandler,
  RecordMeetingHeldHandler,
  RemoveAgendaItemHandler,
  ReorderAgendaHandler,
  RescheduleMeetingHandler,
  ScheduleMeetingHandler,
  AcceptRecommendationHandler,
  AddCommentHandler,
  AdoptRecommendationHandler,
  AssignResponsibilityHandler,
  CloseRecommendationNotImplementedHandler,
  DecideDeadlineExtensionHandler,
  DisputeRecommendationHandler,
  ReopenRecommendationHandler,
  ReportImplementationHandler,
  ReportProgressHandler,
  RequestDeadlineExtensionHandler,
  ReturnImplementationHandler,
  VerifyImplementationHandler,
  WithdrawRecommendationHandler,
  DeactivateUnitHandler,
  RegisterUnitHandler,
  RenameUnitHandler,
  SetUnitContactsHandler,
  SetBodyContactsHandler,
];

/** The write side: every command handler; the app provides EVENT_STORE. */
@Module({
  imports: [CqrsModule],
  providers: [AggregateStore, ...COMMAND_HANDLERS],
  exports: [AggregateStore, CqrsModule],
})
export class GovernanceModule {}
