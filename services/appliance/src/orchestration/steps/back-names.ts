// What migrate back's steps share: its ports, refused with what configures it when absent.
import { IllegalStateError } from '@ferry/errors';
import type { MigrationPorts } from '../ports';
import type { PremGuestPort, ShipBackPort } from '../back-ports';

export function shipBackPortOf(ports: MigrationPorts): ShipBackPort {
  if (ports.shipBack === undefined) {
    throw new IllegalStateError('this appliance is not configured for migrate back: set CLOUD_BLOCK_SOURCE_URL and PREM_BLOCK_WRITE_URL, restart it, then retry the migration');
  }
  return ports.shipBack;
}

export function premGuestPortOf(ports: MigrationPorts): PremGuestPort {
  if (ports.premGuest === undefined) {
    throw new IllegalStateError('this appliance cannot restore the prem guest for migrate back: it needs guest-prep on its NATS and migrate back configured (CLOUD_BLOCK_SOURCE_URL); restart it configured, then retry the migration');
  }
  return ports.premGuest;
}
