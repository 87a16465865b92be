import { CommandContext } from './actor';
import { CommandPayload } from './payloads';

/** What travels on the CommandBus: the validated payload and who sent it, when. */
export abstract class GovernanceCommand<P extends CommandPayload = CommandPayload> {
  constructor(
    readonly payload: P,
    readonly ctx: CommandContext,
  ) {}
}

/** A command class, with the payload class a transport validates its input against. */
export interface CommandClass<P extends CommandPayload> {
  new (payload: P, ctx: CommandContext): GovernanceCommand<P>;
  readonly Payload: new () => P;
}
