// Follows ferry.api.v1.Ferry/WatchMigration: hands each update to a callback and resolves with the
// last snapshot the appliance sent when the stream ends (the migration reached a final phase).
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { actorMetadata } from './appliance';

import api = ferry.api.v1;

/** Resolves with the last snapshot once the appliance ends the stream; rejects with the gRPC error otherwise. */
export function followMigration(client: Client, migrationId: string, onUpdate: (update: api.MigrationUpdate) => void): Promise<api.IMigration | undefined> {
  const open = (client as unknown as Record<string, (request: api.IWatchMigrationRequest, metadata: unknown) => ClientReadableStream<api.MigrationUpdate>>)['WatchMigration'];
  if (!open) return Promise.reject(new Error('the appliance API has no method WatchMigration'));
  const call = open.call(client, { migrationId }, actorMetadata());
  let last: api.IMigration | undefined;
  return new Promise((resolve, reject) => {
    call.on('data', (update: api.MigrationUpdate) => {
      if (update.snapshot) last = update.snapshot;
      onUpdate(update);
    });
    call.on('error', reject);
    call.on('end', () => resolve(last));
  });
}
