import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BODY_KINDS, BodyKind, streamIds, unitDecider } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';
import { executeOnBody } from './body-use-case';

export class EstablishBodyPayload extends CommandPayload {
  @IsOptional() @IsUUID() bodyId?: string;
  @ValidText() name: MultilingualTextPayload;
  @IsIn(BODY_KINDS) kind: BodyKind;
  @IsUUID() hostUnitId: string;
  @IsString() @MaxLength(200) region: string;
}

export class EstablishBodyCommand extends GovernanceCommand<EstablishBodyPayload> {
  static readonly Payload = EstablishBodyPayload;
}

@CommandHandler(EstablishBodyCommand)
export class EstablishBodyHandler implements ICommandHandler<EstablishBodyCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: EstablishBodyCommand) {
    const bodyId = newEntityId('body', payload.bodyId, ctx);
    return executeOnBody(
      this.aggregates,
      bodyId,
      'EstablishBody',
      ctx,
      () => requireAdmin(ctx.actor),
      async () => {
        const host = (await this.aggregates.load(unitDecider, streamIds.unit(payload.hostUnitId))).state;
        return {
          type: 'EstablishBody',
          data: {
            bodyId,
            name: payload.name,
            kind: payload.kind,
            hostUnitId: payload.hostUnitId,
            hostUnit: { id: payload.hostUnitId, status: host.status },
            region: payload.region,
            at: ctx.occurredAt,
          },
        };
      },
    );
  }
}
