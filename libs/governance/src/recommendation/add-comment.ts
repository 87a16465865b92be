import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { requireCommenter } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT } from '../common/inputs';
import { UnitActionInput, executeOnRecommendation } from './recommendation-use-case';

@InputType()
export class AddCommentInput extends UnitActionInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() commentId?: string;
  @Field() @IsString() @MaxLength(MAX_TEXT) text: string;
}

export class AddCommentCommand extends GovernanceCommand<AddCommentInput> {}

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: AddCommentCommand) {
    const commentId = newEntityId('comment', input.commentId, ctx);
    let unitId: string | null = null;
    return executeOnRecommendation(
      this.aggregates,
      input.recommendationId,
      'AddComment',
      ctx,
      (state) => {
        const commenter = requireCommenter(ctx.actor, state.bodyId, input.actingUnitId);
        unitId = commenter.unitId;
        return commenter.role;
      },
      () => ({ type: 'AddComment', data: { commentId, by: ctx.actor.sub, unitId, text: input.text, at: ctx.occurredAt } }),
    );
  }
}
