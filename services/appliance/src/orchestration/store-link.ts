// How the migration runner sees the event store's connection, and the error for an outcome the store
// did not take: such a step has not failed, it waits to be run again once the store answers.
import { IllegalStateError, NotFoundError, UnavailableError, ValidationError } from '@ferry/errors';

/** The event store's connection as the runner follows it (built from service-kit's natsLink). */
export interface StoreLink {
  /** False between a disconnect and the reconnect. */
  connected(): boolean;
  /** Calls `listener` at each disconnect and reconnect; returns a function that removes it. */
  onChange(listener: () => void): () => void;
}

/** A command recording an effect's outcome did not reach the store (it is down, or did not answer). */
export class OutcomeNotRecorded extends UnavailableError {}

/** A refusal by the migration's decider (the command was judged, so the store did answer). */
export function isDecision(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof IllegalStateError || error instanceof NotFoundError;
}
