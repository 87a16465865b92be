import { Field, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT } from '../common/inputs';
import { RecommendationInput, actAsSecretary } from './recommendation-use-case';

@InputType()
export class DecideDeadlineExtensionInput extends RecommendationInput {
  @Field() @IsBoolean() approve: boolean;
  @Field({ nullable: true, description: 'Required when refusing' }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) reason?: string;
}

export class DecideDeadlineExtensionCommand extends GovernanceCommand<DecideDeadlineExtensionInput> {}

@CommandHandler(DecideDeadlineExtensionCommand)
export class DecideDeadlineExtensionHandler implements ICommandHandler<DecideDeadlineExtensionCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: DecideDeadlineExtensionCommand) {
    return actAsSecretary(this.aggregates, input, ctx, 'DecideDeadlineExtension', () => ({
      type: 'DecideDeadlineExtension',
      data: { approve: input.approve, reason: input.reason ?? null, at: ctx.occurredAt },
    }));
  }
}
