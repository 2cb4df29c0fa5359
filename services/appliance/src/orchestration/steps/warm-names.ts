// Names a warm migration gives its cloud-cache objects, derived from the migration id so every retry
// and every service finds the same ones.
import { IllegalStateError } from '@ferry/errors';
import type { MigrationPorts } from '../ports';
import type { WarmPorts } from '../warm-ports';

/** The iSCSI target name of the migration's cache volume (lowercase, iSCSI's character set). */
export function cacheIqnFor(migrationId: string): string {
  return `iqn.2026-12.io.ferry:${migrationId.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}`;
}

/** The CHAP user of the migration's cache volume. */
export function chapUserFor(migrationId: string): string {
  return `ferry-${migrationId.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}

/** The warm ports, or a refusal naming what configures them. */
export function warmPortsOf(ports: MigrationPorts): WarmPorts {
  if (ports.warm === undefined) {
    throw new IllegalStateError('this appliance is not configured for warm migration: set CACHE_ISCSI_PORTAL and DEMAND_LANE_URL (and the guest credentials), restart it, then retry the migration');
  }
  return ports.warm;
}
