// Migrate back (design §4): after a warm migration completed, the VM returns to prem with what it wrote
// in the cloud. The cloud VM is shut down so its disks are final, the chunks that differ between each
// cloud disk and its prem disk are written into the prem disk (found by comparing chunk hashes: the
// VM already runs from cloud storage), the prem guest on those disks gets its prem network files back
// (and loses its preparation when the operator asked), and the prem VM is powered on. The cloud VM and its disks stay,
// powered off. A migration follows this itinerary from MigrateBackRequested on, whatever its mode.
import { MigrationMode, Step } from '../migration-events';
import type { Itinerary } from './itinerary';

export const BACK_ITINERARY: Itinerary = {
  mode: MigrationMode.Warm,
  name: 'migrate-back',
  rows: [
    { phase: 'migrating-back', step: Step.PowerOffCloudTarget },
    { phase: 'cloud-target-powered-off', step: Step.ShipBack },
    { phase: 'shipped-back', step: Step.RestorePremGuest },
    { phase: 'prem-guest-restored', step: Step.PowerOnPremSource },
  ],
  // Nothing of the forward itinerary is undone on the way back.
  sourceMayBeOffFrom: 'migrating-back',
  cloudObjectsFrom: 'migrating-back',
  noCancelFrom: {
    phase: 'migrating-back',
    advice: 'a migrate back is under way and may have written part of the cloud disks into the prem disks; let it finish, or retry it if it failed (the cloud VM stays powered off until then, and its disks are kept)',
  },
};
