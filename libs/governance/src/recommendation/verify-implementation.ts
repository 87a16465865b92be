import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationNotePayload } from '../common/payloads';
import { actAsSecretary } from './recommendation-use-case';

export class VerifyImplementationCommand extends GovernanceCommand<RecommendationNotePayload> {
  static readonly Payload = RecommendationNotePayload;
}

@CommandHandler(VerifyImplementationCommand)
export class VerifyImplementationHandler implements ICommandHandler<VerifyImplementationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: VerifyImplementationCommand) {
    return actAsSecretary(this.aggregates, payload, ctx, 'VerifyImplementation', () => ({
      type: 'VerifyImplementation',
      data: { by: ctx.actor.sub, note: payload.note ?? null, at: ctx.occurredAt },
    }));
  }
}
