import { Field, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, Matches, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT } from '../common/inputs';
import { UnitActionInput, actAsUnit } from './recommendation-use-case';

@InputType()
export class RequestDeadlineExtensionInput extends UnitActionInput {
  @Field() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'requestedDueDate must be YYYY-MM-DD' }) requestedDueDate: string;
  @Field() @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class RequestDeadlineExtensionCommand extends GovernanceCommand<RequestDeadlineExtensionInput> {}

@CommandHandler(RequestDeadlineExtensionCommand)
export class RequestDeadlineExtensionHandler implements ICommandHandler<RequestDeadlineExtensionCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RequestDeadlineExtensionCommand) {
    return actAsUnit(this.aggregates, input, ctx, 'RequestDeadlineExtension', (unitId) => ({
      type: 'RequestDeadlineExtension',
      data: { unitId, requestedDueDate: input.requestedDueDate, reason: input.reason, at: ctx.occurredAt },
    }));
  }
}
