// Warm migration (design §2, hdm-appendix): the guest is prepared while it runs, the source is
// powered off, and the target boots at once in the cloud over iSCSI from a cloud-cache volume whose
// blocks come from prem on demand; the volume hydrates in the background, moves to the mapped cloud
// datastore, the target switches to it, and the volume is released.
import { MigrationMode, Step } from '../migration-events';
import type { Itinerary } from './itinerary';

export const WARM_ITINERARY: Itinerary = {
  mode: MigrationMode.Warm,
  name: 'warm',
  rows: [
    { phase: 'planned', step: Step.Validate },
    { phase: 'validated', step: Step.PrepareGuest },
    { phase: 'guest-prepared', step: Step.PowerOffSource },
    { phase: 'source-powered-off', step: Step.CreateCacheVolume },
    { phase: 'cache-volume-created', step: Step.CreateTargetOverCache },
    { phase: 'target-created', step: Step.PowerOnTarget },
    { phase: 'target-powered-on', step: Step.AwaitBootOverCache },
    { phase: 'booted-over-cache', step: Step.Hydrate },
    { phase: 'copying-disks', step: Step.Hydrate },
    { phase: 'disks-copied', step: Step.Hydrate },
    { phase: 'hydrated', step: Step.MoveToStorage },
    { phase: 'moved-to-storage', step: Step.ReleaseCache },
    { phase: 'cache-released', step: Step.Complete },
  ],
  // Preparing the guest leaves it running; the power-off step may run from guest-prepared on.
  sourceMayBeOffFrom: 'guest-prepared',
  // The cache volume and the target VM exist from the volume step on.
  cloudObjectsFrom: 'source-powered-off',
  cacheVolumeFrom: 'source-powered-off',
  noCancelFrom: {
    phase: 'booted-over-cache',
    advice: 'the VM already runs in the cloud and may have written data there; let the migration finish, or migrate the VM back (MigrateBack) to return it with its cloud writes',
  },
};
