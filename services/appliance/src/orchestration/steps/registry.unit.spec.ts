import { ITINERARIES } from '../../migration';
import { stepDefinition, stepOfEffect } from './registry';

describe('the step registry', () => {
  it('has a definition for every step of every itinerary, whose effect maps back to that step', () => {
    for (const itinerary of ITINERARIES) {
      for (const row of itinerary.rows) {
        const definition = stepDefinition(row.step);
        expect(definition.step).toBe(row.step);
        expect(stepOfEffect(definition.kind)).toBe(row.step);
      }
    }
  });

  it('runs compensation outside every itinerary', () => {
    expect(stepOfEffect('Compensate')).toBeUndefined();
  });
});
