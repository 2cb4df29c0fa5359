// What migrate back's steps share: its port, refused with what configures it when absent.
import { IllegalStateError } from '@ferry/errors';
import type { MigrationPorts } from '../ports';
import type { ShipBackPort } from '../back-ports';

export function shipBackPortOf(ports: MigrationPorts): ShipBackPort {
  if (ports.shipBack === undefined) {
    throw new IllegalStateError('this appliance is not configured for migrate back: set CLOUD_BLOCK_SOURCE_URL and PREM_BLOCK_WRITE_URL, restart it, then retry the migration');
  }
  return ports.shipBack;
}
