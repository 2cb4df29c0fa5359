import type { Projection, StoredBatch } from '@ferry/event-store';
import { InventoryProjection } from '../inventory/projection';
import type { Site } from '../inventory/model';
import { inventoryEventCodec } from '../wire/event-codec';
import { siteOfStream } from './stream';

/**
 * The served inventory: an InventoryProjection fed only from the event store. It lives in memory,
 * so its checkpoint does too (they can never disagree) and every process start rebuilds it from
 * sequence 1. It also remembers each site stream's version, where that site's writer continues.
 */
export class InventoryReadModel implements Projection {
  readonly name = 'inventory';
  readonly view = new InventoryProjection();
  private applied = 0;
  private readonly versions = new Map<Site, number>();

  async checkpoint(): Promise<number> {
    return this.applied;
  }

  async apply(batch: StoredBatch): Promise<void> {
    const site = siteOfStream(batch.aggregate, batch.id);
    if (site) {
      for (const e of batch.events) this.view.apply(inventoryEventCodec.decode(e.type, e.payload, site));
      this.versions.set(site, batch.sequence);
    }
    this.applied = batch.sequence;
  }

  async reset(): Promise<void> {
    this.view.clear();
    this.versions.clear();
    this.applied = 0;
  }

  /** The last sequence stored on the site's stream (0 when it has none). */
  versionOf(site: Site): number {
    return this.versions.get(site) ?? 0;
  }
}
