import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireCommenter } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';

export class AddCommentPayload extends UnitActionPayload {
  @IsOptional() @IsUUID() commentId?: string;
  @IsString() @MaxLength(MAX_TEXT) text: string;
}

export class AddCommentCommand extends GovernanceCommand<AddCommentPayload> {
  static readonly Payload = AddCommentPayload;
}

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: AddCommentCommand) {
    const commentId = newEntityId('comment', payload.commentId, ctx);
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      (recommendation) => requireCommenter(ctx.actor, recommendation.bodyId, payload.actingUnitId),
      {
        type: 'AddComment',
        data: (_recommendation, commenter) => ({
          commentId,
          by: ctx.actor.sub,
          unitId: commenter.unitId,
          text: payload.text,
          at: ctx.occurredAt,
        }),
      },
    );
  }
}
