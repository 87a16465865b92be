import { CommandInput } from './inputs';
import { CommandContext } from './actor';

/** What travels on the CommandBus: the validated input and who sent it, when. */
export abstract class GovernanceCommand<I extends CommandInput = CommandInput> {
  constructor(
    readonly input: I,
    readonly ctx: CommandContext,
  ) {}
}

/** Entity id from a stream id such as `recommendation-<uuid>`. */
export const idOf = (streamId: string) => streamId.slice(streamId.indexOf('-') + 1);
