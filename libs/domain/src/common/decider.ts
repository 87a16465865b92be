/** An event as the domain sees it: an explicit type string and plain data. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

export interface DomainCommand<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

/**
 * Emmett-style decider: pure functions only. `decide` throws a DomainError to reject a command;
 * time and any facts from other aggregates arrive on the command.
 */
export interface Decider<State, Command extends DomainCommand, Event extends DomainEvent> {
  initialState(): State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
