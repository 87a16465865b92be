import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BODY_KINDS, BodyKind, streamIds, unitDecider } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { BodyKindEnum, CommandInput, MultilingualTextInput, ValidText } from '../common/inputs';
import { executeOnBody } from './body-use-case';

@InputType()
export class EstablishBodyInput extends CommandInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() bodyId?: string;
  @Field(() => MultilingualTextInput) @ValidText() name: MultilingualTextInput;
  @Field(() => BodyKindEnum) @IsIn(BODY_KINDS) kind: BodyKind;
  @Field(() => ID) @IsUUID() hostUnitId: string;
  @Field() @IsString() @MaxLength(200) region: string;
}

export class EstablishBodyCommand extends GovernanceCommand<EstablishBodyInput> {}

@CommandHandler(EstablishBodyCommand)
export class EstablishBodyHandler implements ICommandHandler<EstablishBodyCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: EstablishBodyCommand) {
    const bodyId = newEntityId('body', input.bodyId, ctx);
    return executeOnBody(
      this.aggregates,
      bodyId,
      'EstablishBody',
      ctx,
      () => requireAdmin(ctx.actor),
      async () => {
        const host = (await this.aggregates.load(unitDecider, streamIds.unit(input.hostUnitId))).state;
        return {
          type: 'EstablishBody',
          data: {
            bodyId,
            name: input.name,
            kind: input.kind,
            hostUnitId: input.hostUnitId,
            hostUnit: { id: input.hostUnitId, status: host.status },
            region: input.region,
            at: ctx.occurredAt,
          },
        };
      },
    );
  }
}
