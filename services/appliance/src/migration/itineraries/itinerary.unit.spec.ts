import { ValidationError } from '@ferry/errors';
import { MigrationMode, Step } from '../migration-events';
import { ACTIVE_PHASES, COLD_ITINERARY, PRECOPY_ITINERARY, WARM_ITINERARY, itineraryOf, positionIn, reachedIn, stepIn } from './index';

describe('itineraries', () => {
  it('cold passes through its phases in order, each with the step that runs from it', () => {
    expect(COLD_ITINERARY.rows.map((r) => r.phase)).toEqual(['planned', 'validated', 'source-powered-off', 'copying-disks', 'disks-copied', 'target-created', 'fixed-up', 'target-powered-on']);
    expect(stepIn(COLD_ITINERARY, 'copying-disks')).toBe(Step.CopyDisks);
    expect(stepIn(COLD_ITINERARY, 'target-powered-on')).toBe(Step.Complete);
    expect(positionIn(COLD_ITINERARY, 'planned')).toBe(0);
  });

  it('tells whether a phase is reached, for what a cancel must undo', () => {
    expect(reachedIn(COLD_ITINERARY, 'planned', COLD_ITINERARY.sourceMayBeOffFrom)).toBe(false);
    expect(reachedIn(COLD_ITINERARY, 'validated', COLD_ITINERARY.sourceMayBeOffFrom)).toBe(true);
    expect(reachedIn(COLD_ITINERARY, 'validated', COLD_ITINERARY.cloudObjectsFrom)).toBe(false);
    expect(reachedIn(COLD_ITINERARY, 'copying-disks', COLD_ITINERARY.cloudObjectsFrom)).toBe(true);
  });

  it('knows every active phase of every itinerary', () => {
    for (const row of COLD_ITINERARY.rows) expect(ACTIVE_PHASES.has(row.phase)).toBe(true);
  });

  it('refuses a mode without an itinerary, naming the modes that run', () => {
    expect(itineraryOf(MigrationMode.Cold)).toBe(COLD_ITINERARY);
    expect(itineraryOf(MigrationMode.Warm)).toBe(WARM_ITINERARY);
    expect(itineraryOf(MigrationMode.Precopy)).toBe(PRECOPY_ITINERARY);
    expect(() => itineraryOf(4 as MigrationMode)).toThrow(ValidationError);
    expect(() => itineraryOf(4 as MigrationMode)).toThrow('mode: 4 is not supported by this appliance yet; use one of: cold (1), warm (2), precopy (3)');
  });
});
