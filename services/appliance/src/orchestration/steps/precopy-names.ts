// Names a pre-copy migration gives its snapshots, and its port (present only when configured).
import { ValidationError } from '@ferry/errors';
import type { MigrationPorts } from '../ports';
import type { PrecopyPort } from '../precopy-ports';

/** Every snapshot of the migration starts with this, so leftovers (a crash between snapshot and record) are found by name. */
export const snapshotPrefixFor = (migrationId: string): string => `ferry-${migrationId}-`;

/** The snapshot of one sync generation. */
export const snapshotNameFor = (migrationId: string, generation: number): string => `${snapshotPrefixFor(migrationId)}g${generation}`;

/** The pre-copy port; a migration on an appliance without it fails its step naming what to set. */
export function precopyPortOf(ports: MigrationPorts): PrecopyPort {
  if (!ports.precopy) throw new ValidationError('mode', 'pre-copy migration is not configured on this appliance (PREM_VCENTER_URL must name the prem vCenter); migrate the VM cold or warm');
  return ports.precopy;
}
