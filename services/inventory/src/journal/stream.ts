import type { StreamRef } from '@ferry/event-store';
import type { Site } from '../inventory/model';

/** Aggregate type of the inventory's event streams: ferry.evt.inventory.<site>. */
export const INVENTORY_AGGREGATE = 'inventory';

/** One stream per vCenter, written only by that vCenter's collector (see docs/inventory.md). */
export function inventoryStream(site: Site): StreamRef {
  return { aggregate: INVENTORY_AGGREGATE, id: site };
}

/** The site a stored batch belongs to, or undefined when it is not an inventory stream. */
export function siteOfStream(aggregate: string, id: string): Site | undefined {
  return aggregate === INVENTORY_AGGREGATE && (id === 'prem' || id === 'cloud') ? id : undefined;
}
