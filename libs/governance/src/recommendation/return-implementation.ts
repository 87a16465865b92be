import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonInput, actAsSecretary } from './recommendation-use-case';

export class ReturnImplementationCommand extends GovernanceCommand<RecommendationReasonInput> {}

@CommandHandler(ReturnImplementationCommand)
export class ReturnImplementationHandler implements ICommandHandler<ReturnImplementationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: ReturnImplementationCommand) {
    return actAsSecretary(this.aggregates, input, ctx, 'ReturnImplementation', () => ({
      type: 'ReturnImplementation',
      data: { by: ctx.actor.sub, reason: input.reason, at: ctx.occurredAt },
    }));
  }
}
