import { Decider, DomainCommand, DomainEvent, fold } from '../common/decider';
import { DomainError } from '../common/domain-error';

/** Given-when-then over a decider, as Emmett's DeciderSpecification does. */
export function deciderSpec<S, C extends DomainCommand, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return (given: E[] = []) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, fold(decider, given));
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenMatches: (expected: Partial<E>[]) => expect(run()).toMatchObject(expected),
        thenFails: (code: string) => {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(code);
        },
      };
    },
  });
}

let counter = 0;
/** Deterministic UUIDs, readable in failures. */
export function uuid(n = ++counter): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
