import { createHash, randomBytes } from 'node:crypto';
import type { EventStore, NewEvent } from '@ferry/event-store';
import type { InventoryEvent } from '../inventory/events';
import type { Site } from '../inventory/model';
import { inventoryEventCodec } from '../wire/event-codec';
import { inventoryStream } from './stream';

/** Largest encoded size of one append; NATS refuses messages over max_payload (1 MiB by default). */
export const MAX_APPEND_BYTES = 512 * 1024;

/** Options of an InventoryJournal. */
export interface JournalOptions {
  actor?: string;
  maxAppendBytes?: number;
}

/**
 * Appends one vCenter's collector events to its stream, ferry.evt.inventory.<site>.
 *
 * The collector is the stream's only writer, so each append names the version it follows
 * (expectedVersion) and a second writer gets a ConcurrencyError instead of forking the history.
 * The command id is derived from the site, that version and the events' bytes: an append retried
 * after a lost acknowledgement carries the same id and is stored once.
 */
export class InventoryJournal {
  private version: number;

  constructor(
    private readonly store: EventStore,
    readonly site: Site,
    startVersion: number,
    private readonly opts: JournalOptions = {},
  ) {
    this.version = startVersion;
  }

  /** The stream version the next append follows. */
  get currentVersion(): number {
    return this.version;
  }

  /** Stores the events as one or more decisions (split to stay under the message size limit). */
  async append(events: readonly InventoryEvent[]): Promise<void> {
    for (const chunk of splitForAppend(events.map((e) => inventoryEventCodec.encode(e)), this.opts.maxAppendBytes ?? MAX_APPEND_BYTES)) {
      const result = await this.store.append(inventoryStream(this.site), chunk, {
        expectedVersion: this.version,
        commandId: commandIdOf(this.site, this.version, chunk),
        actor: this.opts.actor ?? 'service:inventory',
        traceId: randomBytes(16).toString('hex'),
      });
      this.version = result.version;
    }
  }
}

/** `inventory-<site>-<version>-<sha256 of the events>`: the same append twice has the same id. */
export function commandIdOf(site: Site, version: number, events: readonly NewEvent[]): string {
  const hash = createHash('sha256');
  for (const e of events) {
    hash.update(`${e.type}\n${e.payload.length}\n`);
    hash.update(e.payload);
  }
  return `inventory-${site}-${version}-${hash.digest('hex').slice(0, 32)}`;
}

/** Splits encoded events into appends of at most about `maxBytes` each (one event never splits). */
export function splitForAppend(events: readonly NewEvent[], maxBytes: number): NewEvent[][] {
  const out: NewEvent[][] = [];
  let current: NewEvent[] = [];
  let size = 0;
  for (const e of events) {
    const cost = e.payload.length + e.type.length + 256; // metadata and hash per stored event
    if (current.length > 0 && size + cost > maxBytes) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += cost;
  }
  if (current.length) out.push(current);
  return out;
}
