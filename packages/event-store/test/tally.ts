// A tiny example aggregate used only by the tests, in the shape every Ferry aggregate follows:
// events, a state union keyed on status, a pure evolve, one pure function per command.
import { IllegalStateError } from '@ferry/errors';
import type { Decider, EventCodec } from '../src';

export type TallyEvent =
  | { type: 'TallyOpened'; data: { name: string } }
  | { type: 'AmountAdded'; data: { amount: number } }
  | { type: 'TallyClosed'; data: { total: number } };

export type TallyCommand =
  | { type: 'OpenTally'; data: { name: string } }
  | { type: 'AddAmount'; data: { amount: number } }
  | { type: 'CloseTally' };

export type TallyState = { status: 'empty' } | { status: 'open'; total: number } | { status: 'closed'; total: number };

const initialState: TallyState = { status: 'empty' };

function evolve(state: TallyState, event: TallyEvent): TallyState {
  switch (event.type) {
    case 'TallyOpened':
      return { status: 'open', total: 0 };
    case 'AmountAdded':
      return state.status === 'open' ? { status: 'open', total: state.total + event.data.amount } : state;
    case 'TallyClosed':
      return { status: 'closed', total: event.data.total };
  }
}

function decide(command: TallyCommand, state: TallyState): TallyEvent[] {
  switch (command.type) {
    case 'OpenTally':
      if (state.status !== 'empty') throw new IllegalStateError(`tally is already ${state.status}; open a new one under another id`);
      return [{ type: 'TallyOpened', data: command.data }];
    case 'AddAmount':
      if (state.status !== 'open') throw new IllegalStateError(`cannot add to a tally that is ${state.status}; open it first`);
      return [{ type: 'AmountAdded', data: command.data }];
    case 'CloseTally':
      if (state.status !== 'open') throw new IllegalStateError(`cannot close a tally that is ${state.status}`);
      return [{ type: 'TallyClosed', data: { total: state.total } }];
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const tallyDecider: Decider<TallyCommand, TallyEvent, TallyState> = { decide, evolve, initialState };

/** JSON payloads keep the example short; real aggregates encode their events with protobuf. */
export const tallyCodec: EventCodec<TallyEvent> = {
  encode: (event) => ({ type: event.type, payload: Buffer.from(JSON.stringify(event.data)) }),
  decode: (type, payload) => ({ type, data: JSON.parse(Buffer.from(payload).toString()) }) as TallyEvent,
};
