import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import * as g from '@gov/governance';
import { parseStreamId } from '@gov/domain';
import { CommandClass, CommandPayload, CommandResult, GovernanceError } from '@gov/governance';
import { MeetingQueries, OrganisationQueries, RecommendationQueries } from '@gov/read-model';
import { CommandDispatcher } from '../commands/command-dispatcher';
import { GqlContext } from './context';
import * as i from './inputs';
import { BodyPayload, MeetingPayload, RecommendationPayload, UnitPayload } from './types';

/**
 * One mutation per command: the GraphQL input type shapes the argument, the write side's payload
 * class validates it (ValidationPipe), then dispatch and answer from the read model.
 */
@Resolver()
export class MutationResolver {
  constructor(
    private readonly dispatcher: CommandDispatcher,
    private readonly organisation: OrganisationQueries,
    private readonly meetings: MeetingQueries,
    private readonly recommendations: RecommendationQueries,
  ) {}

  private async run<P extends CommandPayload, T>(Command: CommandClass<P>, payload: P, ctx: GqlContext, load: (id: string) => T | null) {
    const result: CommandResult = await this.dispatcher.dispatch(Command, payload, ctx.actor, ctx.correlationId);
    const id = parseStreamId(result.streamId)?.id;
    const entity = id === undefined ? null : load(id);
    if (!entity) throw new GovernanceError('NOT_FOUND', `${result.streamId} is not in the read model`);
    return { entity, position: result.position.toString(), revision: result.revision.toString(), replayed: result.replayed };
  }

  private async unit<P extends CommandPayload>(Command: CommandClass<P>, payload: P, ctx: GqlContext): Promise<UnitPayload> {
    const { entity, ...rest } = await this.run(Command, payload, ctx, (id) => this.organisation.units([id])[0] ?? null);
    return { unit: entity, ...rest };
  }

  private async body<P extends CommandPayload>(Command: CommandClass<P>, payload: P, ctx: GqlContext): Promise<BodyPayload> {
    const { entity, ...rest } = await this.run(Command, payload, ctx, (id) => this.organisation.bodies([id])[0] ?? null);
    return { body: entity, ...rest };
  }

  private async meeting<P extends CommandPayload>(Command: CommandClass<P>, payload: P, ctx: GqlContext): Promise<MeetingPayload> {
    const { entity, ...rest } = await this.run(Command, payload, ctx, (id) => this.meetings.meeting(id));
    return { meeting: entity, ...rest };
  }

  private async recommendation<P extends CommandPayload>(
    Command: CommandClass<P>,
    payload: P,
    ctx: GqlContext,
  ): Promise<RecommendationPayload> {
    const { entity, ...rest } = await this.run(Command, payload, ctx, (id) => this.recommendations.byId(id, new Date()));
    return { recommendation: entity, ...rest };
  }

  @Mutation(() => UnitPayload) registerUnit(
    @Args('input', { type: () => i.RegisterUnitInput }) input: g.RegisterUnitPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.unit(g.RegisterUnitCommand, input, ctx);
  }
  @Mutation(() => UnitPayload) renameUnit(
    @Args('input', { type: () => i.RenameUnitInput }) input: g.RenameUnitPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.unit(g.RenameUnitCommand, input, ctx);
  }
  @Mutation(() => UnitPayload) deactivateUnit(
    @Args('input', { type: () => i.DeactivateUnitInput }) input: g.DeactivateUnitPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.unit(g.DeactivateUnitCommand, input, ctx);
  }
  @Mutation(() => UnitPayload) setUnitContacts(
    @Args('input', { type: () => i.SetUnitContactsInput }) input: g.SetUnitContactsPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.unit(g.SetUnitContactsCommand, input, ctx);
  }

  @Mutation(() => BodyPayload) establishBody(
    @Args('input', { type: () => i.EstablishBodyInput }) input: g.EstablishBodyPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.body(g.EstablishBodyCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) appointMember(
    @Args('input', { type: () => i.AppointMemberInput }) input: g.AppointMemberPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.body(g.AppointMemberCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) changeMemberRole(
    @Args('input', { type: () => i.ChangeMemberRoleInput }) input: g.ChangeMemberRolePayload,
    @Context() ctx: GqlContext,
  ) {
    return this.body(g.ChangeMemberRoleCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) removeMember(
    @Args('input', { type: () => i.RemoveMemberInput }) input: g.RemoveMemberPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.body(g.RemoveMemberCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) dissolveBody(
    @Args('input', { type: () => i.DissolveBodyInput }) input: g.DissolveBodyPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.body(g.DissolveBodyCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) setBodyContacts(
    @Args('input', { type: () => i.SetBodyContactsInput }) input: g.SetBodyContactsPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.body(g.SetBodyContactsCommand, input, ctx);
  }

  @Mutation(() => MeetingPayload) scheduleMeeting(
    @Args('input', { type: () => i.ScheduleMeetingInput }) input: g.ScheduleMeetingPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.ScheduleMeetingCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) rescheduleMeeting(
    @Args('input', { type: () => i.RescheduleMeetingInput }) input: g.RescheduleMeetingPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.RescheduleMeetingCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) cancelMeeting(
    @Args('input', { type: () => i.CancelMeetingInput }) input: g.CancelMeetingPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.CancelMeetingCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) changeMeetingTitle(
    @Args('input', { type: () => i.ChangeMeetingTitleInput }) input: g.ChangeMeetingTitlePayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.ChangeMeetingTitleCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) addAgendaItem(
    @Args('input', { type: () => i.AddAgendaItemInput }) input: g.AddAgendaItemPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.AddAgendaItemCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) removeAgendaItem(
    @Args('input', { type: () => i.RemoveAgendaItemInput }) input: g.RemoveAgendaItemPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.RemoveAgendaItemCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) reorderAgenda(
    @Args('input', { type: () => i.ReorderAgendaInput }) input: g.ReorderAgendaPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.ReorderAgendaCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) addReportBackItem(
    @Args('input', { type: () => i.AddReportBackItemInput }) input: g.AddReportBackItemPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.AddReportBackItemCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) recordMeetingHeld(
    @Args('input', { type: () => i.RecordMeetingHeldInput }) input: g.RecordMeetingHeldPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.RecordMeetingHeldCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) attachAgendaItemPaper(
    @Args('input', { type: () => i.AttachAgendaItemPaperInput }) input: g.AttachAgendaItemPaperPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.AttachAgendaItemPaperCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload, { description: "Records an agenda item's minutes: the item was discussed (AgendaItemDiscussed)" })
  discussAgendaItem(
    @Args('input', { type: () => i.DiscussAgendaItemInput }) input: g.DiscussAgendaItemPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.DiscussAgendaItemCommand, input, ctx);
  }
  /** The first name of discussAgendaItem, kept so that existing clients go on working. */
  @Mutation(() => MeetingPayload, { deprecationReason: 'Use discussAgendaItem: the same command under its own name.' })
  recordAgendaItemMinutes(
    @Args('input', { type: () => i.RecordAgendaItemMinutesInput }) input: g.DiscussAgendaItemPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.discussAgendaItem(input, ctx);
  }
  @Mutation(() => MeetingPayload) approveMinutes(
    @Args('input', { type: () => i.MeetingInput }) input: g.MeetingRefPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.ApproveMinutesCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) publishMeeting(
    @Args('input', { type: () => i.MeetingInput }) input: g.MeetingRefPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.PublishMeetingCommand, input, ctx);
  }

  @Mutation(() => RecommendationPayload) adoptRecommendation(
    @Args('input', { type: () => i.AdoptRecommendationInput }) input: g.AdoptRecommendationPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.AdoptRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) assignResponsibility(
    @Args('input', { type: () => i.AssignResponsibilityInput }) input: g.AssignResponsibilityPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.AssignResponsibilityCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) acceptRecommendation(
    @Args('input', { type: () => i.AcceptRecommendationInput }) input: g.AcceptRecommendationPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.AcceptRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) disputeRecommendation(
    @Args('input', { type: () => i.DisputeRecommendationInput }) input: g.DisputeRecommendationPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.DisputeRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) reportProgress(
    @Args('input', { type: () => i.ReportProgressInput }) input: g.ReportProgressPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.ReportProgressCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) requestDeadlineExtension(
    @Args('input', { type: () => i.RequestDeadlineExtensionInput }) input: g.RequestDeadlineExtensionPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.RequestDeadlineExtensionCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) decideDeadlineExtension(
    @Args('input', { type: () => i.DecideDeadlineExtensionInput }) input: g.DecideDeadlineExtensionPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.DecideDeadlineExtensionCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) reportImplementation(
    @Args('input', { type: () => i.ReportImplementationInput }) input: g.ReportImplementationPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.ReportImplementationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) verifyImplementation(
    @Args('input', { type: () => i.RecommendationNoteInput }) input: g.RecommendationNotePayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.VerifyImplementationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) returnImplementation(
    @Args('input', { type: () => i.RecommendationReasonInput }) input: g.RecommendationReasonPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.ReturnImplementationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) closeRecommendationNotImplemented(
    @Args('input', { type: () => i.RecommendationReasonInput }) input: g.RecommendationReasonPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.CloseRecommendationNotImplementedCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) withdrawRecommendation(
    @Args('input', { type: () => i.RecommendationReasonInput }) input: g.RecommendationReasonPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.WithdrawRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) reopenRecommendation(
    @Args('input', { type: () => i.RecommendationReasonInput }) input: g.RecommendationReasonPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.ReopenRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) addComment(
    @Args('input', { type: () => i.AddCommentInput }) input: g.AddCommentPayload,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.AddCommentCommand, input, ctx);
  }
}
