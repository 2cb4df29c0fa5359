// The figures bench:scale derives from the plan's migrations: the peak of migrations under way (the
// concurrency the scheduler honoured) and where a migration's time went, early and late.
import { ferry } from '@ferry/proto';
import { durationDrift, peakOverlap, refillLatency } from './plan-run';
import { stepTimes } from './step-times';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const ended = (start: number, end: number, phase = mig.Phase.PHASE_COMPLETED): api.IMigration => ({ phase, startedAt: { unixMillis: start }, updatedAt: { unixMillis: end } });
const event = (sequence: number, typeName: string, at: number): mig.IMigrationEvent => ({ sequence, typeName, meta: { at: { unixMillis: at } } });

describe('peakOverlap', () => {
  it('given two at a time, one starting as another ends, then the peak is 2 (an end at the same instant frees its slot first)', () => {
    expect(peakOverlap([ended(0, 10), ended(0, 20), ended(10, 30), ended(20, 40)])).toBe(2);
  });

  it('given a migration still under way, then it is left out (its last update is not its end)', () => {
    expect(peakOverlap([ended(0, 10), ended(5, 6, mig.Phase.PHASE_COPYING_DISKS)])).toBe(1);
  });
});

describe('durationDrift', () => {
  it('given twenty migrations whose time grows, then the first and last tenth are the means of the two earliest and two latest to start', () => {
    const migrations = Array.from({ length: 20 }, (_, i) => ended(i * 1000, i * 1000 + (i + 1) * 1000));
    expect(durationDrift(migrations)).toEqual({ firstTenthS: 1.5, lastTenthS: 19.5 });
  });
});

describe('refillLatency', () => {
  it('given a limit of 2 and queued migrations starting 1 s and 3 s after the ends that freed their slots, then the mean is 2 s and the max 3 s', () => {
    expect(refillLatency([ended(0, 10_000), ended(0, 20_000), ended(11_000, 30_000), ended(23_000, 40_000)], 2)).toEqual({ meanS: 2, maxS: 3 });
  });
});

describe('stepTimes', () => {
  it('given the events of an early and a late migration, then each event type gets the mean gap before it, early and late', () => {
    const early = { startedAtMs: 0, events: [event(1, 'MigrationPlanned', 0), event(5, 'TargetCreated', 400), event(3, 'DiskCopyCompleted', 100)] };
    const late = { startedAtMs: 9000, events: [event(11, 'MigrationPlanned', 9000), event(12, 'DiskCopyCompleted', 9100), event(13, 'TargetCreated', 12100)] };
    expect(stepTimes([late, early])).toEqual([
      { event: 'DiskCopyCompleted', firstTenthMs: 100, lastTenthMs: 100 },
      { event: 'TargetCreated', firstTenthMs: 300, lastTenthMs: 3000 },
    ]);
  });
});
