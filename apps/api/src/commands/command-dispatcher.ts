import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK_SKEW_MS } from '@gov/domain';
import { Actor, CommandClass, CommandContext, CommandPayload, CommandResult, GovernanceError } from '@gov/governance';
import { Projector } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';

/**
 * The one path from any transport to the write side: build the command context from a validated
 * payload, dispatch on the CommandBus, then wait until the read model shows the write
 * (read-your-writes).
 */
@Injectable()
export class CommandDispatcher {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly projector: Projector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatch<P extends CommandPayload>(
    Command: CommandClass<P>,
    payload: P,
    actor: Actor,
    correlationId: string,
  ): Promise<CommandResult> {
    const now = Date.now();
    if (payload.occurredAt && payload.occurredAt.getTime() > now + CLOCK_SKEW_MS) {
      throw new GovernanceError('BAD_USER_INPUT', 'occurredAt is in the future');
    }
    const ctx: CommandContext = {
      actor,
      commandId: payload.commandId,
      correlationId,
      expectedRevision:
        payload.expectedRevision !== undefined && payload.expectedRevision !== null ? BigInt(payload.expectedRevision) : undefined,
      occurredAt: (payload.occurredAt ?? new Date(now)).toISOString(),
    };
    const result: CommandResult = await this.commandBus.execute(new Command(payload, ctx));
    await this.projector.waitFor(result.position, this.config.readYourWritesTimeoutMs);
    return result;
  }
}
