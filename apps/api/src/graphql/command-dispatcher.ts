import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext, CommandInput, CommandResult, GovernanceCommand, Actor, GovernanceError } from '@gov/governance';
import { Projector } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';

type CommandClass<I extends CommandInput> = new (input: I, ctx: CommandContext) => GovernanceCommand<I>;

/** Allowed skew for a client-supplied business time in the future (clocks differ). */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * The one path from any transport to the write side: build the command context, dispatch on the
 * CommandBus, then wait until the read model shows the write (read-your-writes).
 */
@Injectable()
export class CommandDispatcher {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly projector: Projector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatch<I extends CommandInput>(Command: CommandClass<I>, input: I, actor: Actor, correlationId: string): Promise<CommandResult> {
    const now = Date.now();
    if (input.occurredAt && input.occurredAt.getTime() > now + FUTURE_SKEW_MS) {
      throw new GovernanceError('BAD_USER_INPUT', 'occurredAt is in the future');
    }
    const ctx: CommandContext = {
      actor,
      commandId: input.commandId,
      correlationId,
      expectedRevision:
        input.expectedRevision !== undefined && input.expectedRevision !== null ? BigInt(input.expectedRevision) : undefined,
      occurredAt: (input.occurredAt ?? new Date(now)).toISOString(),
    };
    const result: CommandResult = await this.commandBus.execute(new Command(input, ctx));
    await this.projector.waitFor(result.position, this.config.readYourWritesTimeoutMs);
    return result;
  }
}
