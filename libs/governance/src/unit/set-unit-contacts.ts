import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LANGUAGES, Language, MAX_CONTACT_EMAILS } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';

/** Where a unit's reminders go and in which language; an empty list turns its email off. */
export class ContactsPayload extends CommandPayload {
  @IsArray() @ArrayMaxSize(MAX_CONTACT_EMAILS) @IsString({ each: true }) @MaxLength(254, { each: true }) emails: string[];
  @IsIn(LANGUAGES) language: Language;
  /** One daily digest instead of single messages; unset keeps single messages. */
  @IsOptional() @IsBoolean() digest?: boolean;
}

export class SetUnitContactsPayload extends ContactsPayload {
  @IsUUID() unitId: string;
}

export class SetUnitContactsCommand extends GovernanceCommand<SetUnitContactsPayload> {
  static readonly Payload = SetUnitContactsPayload;
}

@CommandHandler(SetUnitContactsCommand)
export class SetUnitContactsHandler implements ICommandHandler<SetUnitContactsCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: SetUnitContactsCommand) {
    return this.aggregates.execute(aggregate.unit, payload.unitId, ctx, () => requireAdmin(ctx.actor), {
      type: 'SetUnitContacts',
      data: () => ({ emails: payload.emails, language: payload.language, digest: payload.digest ?? false, at: ctx.occurredAt }),
    });
  }
}
