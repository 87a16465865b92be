import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, Matches, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireActingUnit } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';

export class RequestDeadlineExtensionPayload extends UnitActionPayload {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'requestedDueDate must be YYYY-MM-DD' }) requestedDueDate: string;
  @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class RequestDeadlineExtensionCommand extends GovernanceCommand<RequestDeadlineExtensionPayload> {
  static readonly Payload = RequestDeadlineExtensionPayload;
}

@CommandHandler(RequestDeadlineExtensionCommand)
export class RequestDeadlineExtensionHandler implements ICommandHandler<RequestDeadlineExtensionCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: RequestDeadlineExtensionCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      () => requireActingUnit(ctx.actor, payload.actingUnitId),
      {
        type: 'RequestDeadlineExtension',
        data: (_recommendation, { unitId }) => ({
          unitId,
          requestedDueDate: payload.requestedDueDate,
          reason: payload.reason,
          at: ctx.occurredAt,
        }),
      },
    );
  }
}
