import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import * as g from '@gov/governance';
import { CommandInput, CommandResult, GovernanceCommand, GovernanceError, CommandContext, idOf } from '@gov/governance';
import { OrganisationQueries, RecommendationQueries } from '@gov/read-model';
import { CommandDispatcher } from './command-dispatcher';
import { GqlContext } from './context';
import { BodyPayload, MeetingPayload, RecommendationPayload, UnitPayload } from './types';

type CommandClass<I extends CommandInput> = new (input: I, ctx: CommandContext) => GovernanceCommand<I>;

/** One mutation per command: validate (ValidationPipe), dispatch, answer from the read model. */
@Resolver()
export class MutationResolver {
  constructor(
    private readonly dispatcher: CommandDispatcher,
    private readonly organisation: OrganisationQueries,
    private readonly recommendations: RecommendationQueries,
  ) {}

  private async run<I extends CommandInput, T>(Command: CommandClass<I>, input: I, ctx: GqlContext, load: (id: string) => T | null) {
    const result: CommandResult = await this.dispatcher.dispatch(Command, input, ctx.actor, ctx.correlationId);
    const entity = load(idOf(result.streamId));
    if (!entity) throw new GovernanceError('NOT_FOUND', `${result.streamId} is not in the read model`);
    return { entity, position: result.position.toString(), revision: result.revision.toString(), replayed: result.replayed };
  }

  private async unit<I extends CommandInput>(Command: CommandClass<I>, input: I, ctx: GqlContext): Promise<UnitPayload> {
    const { entity, ...rest } = await this.run(Command, input, ctx, (id) => this.organisation.units([id])[0] ?? null);
    return { unit: entity, ...rest };
  }

  private async body<I extends CommandInput>(Command: CommandClass<I>, input: I, ctx: GqlContext): Promise<BodyPayload> {
    const { entity, ...rest } = await this.run(Command, input, ctx, (id) => this.organisation.bodies([id])[0] ?? null);
    return { body: entity, ...rest };
  }

  private async meeting<I extends CommandInput>(Command: CommandClass<I>, input: I, ctx: GqlContext): Promise<MeetingPayload> {
    const { entity, ...rest } = await this.run(Command, input, ctx, (id) => this.organisation.meeting(id));
    return { meeting: entity, ...rest };
  }

  private async recommendation<I extends CommandInput>(
    Command: CommandClass<I>,
    input: I,
    ctx: GqlContext,
  ): Promise<RecommendationPayload> {
    const { entity, ...rest } = await this.run(Command, input, ctx, (id) => this.recommendations.byId(id, new Date()));
    return { recommendation: entity, ...rest };
  }

  @Mutation(() => UnitPayload) registerUnit(@Args('input') input: g.RegisterUnitInput, @Context() ctx: GqlContext) {
    return this.unit(g.RegisterUnitCommand, input, ctx);
  }
  @Mutation(() => UnitPayload) renameUnit(@Args('input') input: g.RenameUnitInput, @Context() ctx: GqlContext) {
    return this.unit(g.RenameUnitCommand, input, ctx);
  }
  @Mutation(() => UnitPayload) deactivateUnit(@Args('input') input: g.DeactivateUnitInput, @Context() ctx: GqlContext) {
    return this.unit(g.DeactivateUnitCommand, input, ctx);
  }

  @Mutation(() => BodyPayload) establishBody(@Args('input') input: g.EstablishBodyInput, @Context() ctx: GqlContext) {
    return this.body(g.EstablishBodyCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) appointMember(@Args('input') input: g.AppointMemberInput, @Context() ctx: GqlContext) {
    return this.body(g.AppointMemberCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) changeMemberRole(@Args('input') input: g.ChangeMemberRoleInput, @Context() ctx: GqlContext) {
    return this.body(g.ChangeMemberRoleCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) removeMember(@Args('input') input: g.RemoveMemberInput, @Context() ctx: GqlContext) {
    return this.body(g.RemoveMemberCommand, input, ctx);
  }
  @Mutation(() => BodyPayload) dissolveBody(@Args('input') input: g.DissolveBodyInput, @Context() ctx: GqlContext) {
    return this.body(g.DissolveBodyCommand, input, ctx);
  }

  @Mutation(() => MeetingPayload) scheduleMeeting(@Args('input') input: g.ScheduleMeetingInput, @Context() ctx: GqlContext) {
    return this.meeting(g.ScheduleMeetingCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) rescheduleMeeting(@Args('input') input: g.RescheduleMeetingInput, @Context() ctx: GqlContext) {
    return this.meeting(g.RescheduleMeetingCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) cancelMeeting(@Args('input') input: g.CancelMeetingInput, @Context() ctx: GqlContext) {
    return this.meeting(g.CancelMeetingCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) addAgendaItem(@Args('input') input: g.AddAgendaItemInput, @Context() ctx: GqlContext) {
    return this.meeting(g.AddAgendaItemCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) removeAgendaItem(@Args('input') input: g.RemoveAgendaItemInput, @Context() ctx: GqlContext) {
    return this.meeting(g.RemoveAgendaItemCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) reorderAgenda(@Args('input') input: g.ReorderAgendaInput, @Context() ctx: GqlContext) {
    return this.meeting(g.ReorderAgendaCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) addReportBackItem(@Args('input') input: g.AddReportBackItemInput, @Context() ctx: GqlContext) {
    return this.meeting(g.AddReportBackItemCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) recordMeetingHeld(@Args('input') input: g.RecordMeetingHeldInput, @Context() ctx: GqlContext) {
    return this.meeting(g.RecordMeetingHeldCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) recordAgendaItemMinutes(
    @Args('input') input: g.RecordAgendaItemMinutesInput,
    @Context() ctx: GqlContext,
  ) {
    return this.meeting(g.RecordAgendaItemMinutesCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) approveMinutes(@Args('input') input: g.MeetingInput, @Context() ctx: GqlContext) {
    return this.meeting(g.ApproveMinutesCommand, input, ctx);
  }
  @Mutation(() => MeetingPayload) publishMeeting(@Args('input') input: g.MeetingInput, @Context() ctx: GqlContext) {
    return this.meeting(g.PublishMeetingCommand, input, ctx);
  }

  @Mutation(() => RecommendationPayload) adoptRecommendation(@Args('input') input: g.AdoptRecommendationInput, @Context() ctx: GqlContext) {
    return this.recommendation(g.AdoptRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) assignResponsibility(
    @Args('input') input: g.AssignResponsibilityInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.AssignResponsibilityCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) acceptRecommendation(
    @Args('input') input: g.AcceptRecommendationInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.AcceptRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) disputeRecommendation(
    @Args('input') input: g.DisputeRecommendationInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.DisputeRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) reportProgress(@Args('input') input: g.ReportProgressInput, @Context() ctx: GqlContext) {
    return this.recommendation(g.ReportProgressCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) requestDeadlineExtension(
    @Args('input') input: g.RequestDeadlineExtensionInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.RequestDeadlineExtensionCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) decideDeadlineExtension(
    @Args('input') input: g.DecideDeadlineExtensionInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.DecideDeadlineExtensionCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) reportImplementation(
    @Args('input') input: g.ReportImplementationInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.ReportImplementationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) verifyImplementation(@Args('input') input: g.RecommendationNoteInput, @Context() ctx: GqlContext) {
    return this.recommendation(g.VerifyImplementationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) returnImplementation(
    @Args('input') input: g.RecommendationReasonInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.ReturnImplementationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) closeRecommendationNotImplemented(
    @Args('input') input: g.RecommendationReasonInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.CloseRecommendationNotImplementedCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) withdrawRecommendation(
    @Args('input') input: g.RecommendationReasonInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.WithdrawRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) reopenRecommendation(
    @Args('input') input: g.RecommendationReasonInput,
    @Context() ctx: GqlContext,
  ) {
    return this.recommendation(g.ReopenRecommendationCommand, input, ctx);
  }
  @Mutation(() => RecommendationPayload) addComment(@Args('input') input: g.AddCommentInput, @Context() ctx: GqlContext) {
    return this.recommendation(g.AddCommentCommand, input, ctx);
  }
}
