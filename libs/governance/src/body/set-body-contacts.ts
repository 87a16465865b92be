import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireAdminOrSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { ContactsPayload } from '../unit/set-unit-contacts';

export class SetBodyContactsPayload extends ContactsPayload {
  @IsUUID() bodyId: string;
}

export class SetBodyContactsCommand extends GovernanceCommand<SetBodyContactsPayload> {
  static readonly Payload = SetBodyContactsPayload;
}

/** The body's reminders (disputes, extension requests, reports to verify) go to these addresses: set by an admin or the body's secretary. */
@CommandHandler(SetBodyContactsCommand)
export class SetBodyContactsHandler implements ICommandHandler<SetBodyContactsCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: SetBodyContactsCommand) {
    return this.aggregates.execute(aggregate.body, payload.bodyId, ctx, () => requireAdminOrSecretaryOf(ctx.actor, payload.bodyId), {
      type: 'SetBodyContacts',
      data: () => ({ emails: payload.emails, language: payload.language, digest: payload.digest ?? false, at: ctx.occurredAt }),
    });
  }
}
