/**
 * An aggregate as pure functions: decide turns a command and the current state into events,
 * evolve folds one event into the state. Neither does I/O, reads a clock or makes ids: those
 * arrive on the command.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

/** The state after a history of events. */
export function foldEvents<Command, Event, State>(decider: Decider<Command, Event, State>, events: readonly Event[]): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}
