import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BODY_KINDS, BodyKind } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

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
    return this.aggregates.execute(aggregate.body, bodyId, ctx, () => requireAdmin(ctx.actor), {
      type: 'EstablishBody',
      data: async () => {
        const host = (await this.aggregates.load(aggregate.unit, payload.hostUnitId)).state;
        return {
          bodyId,
          name: payload.name,
          kind: payload.kind,
          hostUnitId: payload.hostUnitId,
          hostUnit: { id: payload.hostUnitId, status: host.status },
          region: payload.region,
          at: ctx.occurredAt,
        };
      },
    });
  }
}
