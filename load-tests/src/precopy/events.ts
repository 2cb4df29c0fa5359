// A migration's stored events through the API (ListMigrationEvents), decoded with the generated messages.
import { ferry } from '@ferry/proto';
import type { PrecopySite } from './site';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

export async function events(site: PrecopySite, migrationId: string): Promise<mig.IMigrationEvent[]> {
  const reply = await site.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
  return reply.events;
}

/** Polls until the migration stored an event of one of `types`; returns every event then. */
export async function until(site: PrecopySite, migrationId: string, done: (types: string[]) => boolean, what: string, timeoutMs: number): Promise<mig.IMigrationEvent[]> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const all = await events(site, migrationId).catch(() => []);
    const types = all.map((e) => e.typeName ?? '');
    if (types.includes('MigrationFailed')) {
      const failed = mig.MigrationFailed.decode(all.find((e) => e.typeName === 'MigrationFailed')!.payload!);
      throw new Error(`migration ${migrationId} failed waiting for ${what}: ${failed.reason}`);
    }
    if (done(types)) return all;
    if (Date.now() > deadline) throw new Error(`migration ${migrationId}: no ${what} in ${timeoutMs / 1000} s (events: ${types.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The payload of the last event of `type`, decoded. */
export function last<T>(all: readonly mig.IMigrationEvent[], type: string, decode: (bytes: Uint8Array) => T): T | undefined {
  const found = [...all].reverse().find((e) => e.typeName === type);
  return found?.payload ? decode(found.payload) : undefined;
}
