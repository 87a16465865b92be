import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationNoteInput, actAsSecretary } from './recommendation-use-case';

export class VerifyImplementationCommand extends GovernanceCommand<RecommendationNoteInput> {}

@CommandHandler(VerifyImplementationCommand)
export class VerifyImplementationHandler implements ICommandHandler<VerifyImplementationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: VerifyImplementationCommand) {
    return actAsSecretary(this.aggregates, input, ctx, 'VerifyImplementation', () => ({
      type: 'VerifyImplementation',
      data: { by: ctx.actor.sub, note: input.note ?? null, at: ctx.occurredAt },
    }));
  }
}
