import { ferry } from '@ferry/proto';
import { parsePhase } from './lists';

describe('ferry migrations --phase', () => {
  it('takes a phase as watch prints it, in either spelling, and refuses others naming the phases', () => {
    expect(parsePhase('completed')).toBe(ferry.migration.v1.Phase.PHASE_COMPLETED);
    expect(parsePhase('copying-disks')).toBe(ferry.migration.v1.Phase.PHASE_COPYING_DISKS);
    expect(parsePhase('MIGRATED_BACK')).toBe(ferry.migration.v1.Phase.PHASE_MIGRATED_BACK);
    expect(() => parsePhase('done')).toThrow(/--phase done: not a phase; use one of planned, .*completed/);
    expect(() => parsePhase('unspecified')).toThrow(/not a phase/);
  });
});
