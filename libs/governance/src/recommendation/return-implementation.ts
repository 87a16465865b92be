import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';
import { actAsSecretary } from './recommendation-use-case';

export class ReturnImplementationCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(ReturnImplementationCommand)
export class ReturnImplementationHandler implements ICommandHandler<ReturnImplementationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ReturnImplementationCommand) {
    return actAsSecretary(this.aggregates, payload, ctx, 'ReturnImplementation', () => ({
      type: 'ReturnImplementation',
      data: { by: ctx.actor.sub, reason: payload.reason, at: ctx.occurredAt },
    }));
  }
}
