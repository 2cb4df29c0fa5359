// Pre-copy migration (issue 15): the source keeps running while its disks are synced from CBT snapshots —
// in full first (generation 1), then as deltas every precopy interval. A cutover (CutoverRequested) waits
// for the sync under way, shuts the source down, ships the final delta (the source re-hashed, so the
// whole-disk digest proves the target), then the replica is created, fixed up and powered on as in cold.
// The PrecopySync step runs from three phases: the full sync, the next delta (or, once a cutover was
// requested, the power-off and final delta), and the final delta resumed after the source is off.
import { MigrationMode, Step } from '../migration-events';
import type { Itinerary } from './itinerary';

export const PRECOPY_ITINERARY: Itinerary = {
  mode: MigrationMode.Precopy,
  name: 'precopy',
  rows: [
    { phase: 'planned', step: Step.Validate },
    { phase: 'validated', step: Step.EnableChangeTracking },
    { phase: 'change-tracking-enabled', step: Step.PrecopySync },
    { phase: 'precopy-synced', step: Step.PrecopySync },
    { phase: 'source-powered-off', step: Step.PrecopySync },
    { phase: 'disks-copied', step: Step.CreateTarget },
    { phase: 'target-created', step: Step.Fixup },
    { phase: 'fixed-up', step: Step.PowerOnTarget },
    { phase: 'target-powered-on', step: Step.Complete },
  ],
  // The cutover's power-off runs from precopy-synced.
  sourceMayBeOffFrom: 'precopy-synced',
  // The full sync writes the target disks on the cloud datastore.
  cloudObjectsFrom: 'change-tracking-enabled',
};
