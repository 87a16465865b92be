import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, Matches, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';
import { actAsUnit } from './recommendation-use-case';

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
    return actAsUnit(this.aggregates, payload, ctx, 'RequestDeadlineExtension', (unitId) => ({
      type: 'RequestDeadlineExtension',
      data: { unitId, requestedDueDate: payload.requestedDueDate, reason: payload.reason, at: ctx.occurredAt },
    }));
  }
}
