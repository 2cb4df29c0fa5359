import { AssertionError, deepStrictEqual } from 'node:assert';
import { foldEvents, type Decider } from './decider';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Given/when/then over a decider, for tests:
 * `DeciderSpecification.for(decider).given([...events]).when(command).then([...events])`
 * or `.thenThrows(IllegalStateError)`. Fails with node's AssertionError (jest shows its diff).
 */
export const DeciderSpecification = {
  for<Command, Event, State>(decider: Decider<Command, Event, State>) {
    return {
      given(history: readonly Event[]) {
        return {
          when(command: Command) {
            const run = (): Event[] => decider.decide(command, foldEvents(decider, history));
            return {
              then(expected: readonly Event[]): void {
                deepStrictEqual(run(), expected, 'decide() returned other events than expected');
              },
              thenThrows(errorClass: ErrorClass, messageIncludes?: string): void {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                if (!(thrown instanceof errorClass)) {
                  throw new AssertionError({ message: `expected decide() to throw ${errorClass.name}, got ${describe(thrown)}`, actual: thrown, expected: errorClass });
                }
                if (messageIncludes !== undefined && !thrown.message.includes(messageIncludes)) {
                  throw new AssertionError({ message: `${errorClass.name} message "${thrown.message}" does not include "${messageIncludes}"` });
                }
              },
            };
          },
        };
      },
    };
  },
};

function describe(value: unknown): string {
  if (value === undefined) return 'no error (it returned events)';
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
