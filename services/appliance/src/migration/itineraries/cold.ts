// Cold migration (design §2-§3): the source is powered off, its disks are copied, the replica is
// created on the cloud vCenter, fixed up and powered on.
import { MigrationMode, Step } from '../migration-events';
import type { Itinerary } from './itinerary';

export const COLD_ITINERARY: Itinerary = {
  mode: MigrationMode.Cold,
  name: 'cold',
  rows: [
    { phase: 'planned', step: Step.Validate },
    { phase: 'validated', step: Step.PowerOffSource },
    { phase: 'source-powered-off', step: Step.CopyDisks },
    { phase: 'copying-disks', step: Step.CopyDisks },
    { phase: 'disks-copied', step: Step.CreateTarget },
    { phase: 'target-created', step: Step.Fixup },
    { phase: 'fixed-up', step: Step.PowerOnTarget },
    { phase: 'target-powered-on', step: Step.Complete },
  ],
  // The power-off step may have run (or be under way) once the migration is validated.
  sourceMayBeOffFrom: 'validated',
  // Anything from the disk copy on may have left objects on the cloud side.
  cloudObjectsFrom: 'source-powered-off',
};
