import { IllegalStateError, ValidationError } from '@ferry/errors';
import { DeciderSpecification } from './decider-specification';
import { tallyDecider } from '../test/tally';

const spec = DeciderSpecification.for(tallyDecider);

describe('DeciderSpecification (on the example tally aggregate)', () => {
  it('passes when decide() returns the expected events for the given history', () => {
    spec
      .given([
        { type: 'TallyOpened', data: { name: 'x' } },
        { type: 'AmountAdded', data: { amount: 2 } },
      ])
      .when({ type: 'CloseTally' })
      .then([{ type: 'TallyClosed', data: { total: 2 } }]);
  });

  it('passes thenThrows when decide() refuses the command', () => {
    spec.given([]).when({ type: 'AddAmount', data: { amount: 1 } }).thenThrows(IllegalStateError, 'open it first');
  });

  it('fails with a readable assertion when the events differ', () => {
    expect(() => spec.given([]).when({ type: 'OpenTally', data: { name: 'x' } }).then([])).toThrow(/decide\(\) returned other events/);
  });

  it('fails when decide() throws another error class or none', () => {
    expect(() => spec.given([]).when({ type: 'AddAmount', data: { amount: 1 } }).thenThrows(ValidationError)).toThrow(/expected decide\(\) to throw ValidationError, got IllegalStateError/);
    expect(() => spec.given([]).when({ type: 'OpenTally', data: { name: 'x' } }).thenThrows(IllegalStateError)).toThrow(/no error/);
  });
});
