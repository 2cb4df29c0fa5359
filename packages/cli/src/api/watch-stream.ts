// Follows the Ferry API's server streams (WatchMigration, WatchPlan, ExportAudit): hands each message to
// a callback; WatchMigration resolves with the last snapshot when the stream ends (a final phase).
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { callMetadata } from './appliance';

import api = ferry.api.v1;

/**
 * Opens the server-streaming `method` of the Ferry API (the credential rides on the client's channel), hands each message
 * to `onData` and resolves when the appliance ends the stream; rejects with the gRPC error otherwise.
 */
export function followStream<Req, Res>(client: Client, method: string, request: Req, onData: (message: Res) => void): Promise<void> {
  const open = (client as unknown as Record<string, (request: Req, metadata: unknown) => ClientReadableStream<Res>>)[method];
  if (!open) return Promise.reject(new Error(`the appliance API has no method ${method}`));
  const call = open.call(client, request, callMetadata());
  return new Promise((resolve, reject) => {
    call.on('data', onData);
    call.on('error', reject);
    call.on('end', () => resolve());
  });
}

/** Resolves with the last snapshot once the appliance ends the stream; rejects with the gRPC error otherwise. */
export async function followMigration(client: Client, migrationId: string, onUpdate: (update: api.MigrationUpdate) => void): Promise<api.IMigration | undefined> {
  let last: api.IMigration | undefined;
  await followStream<api.IWatchMigrationRequest, api.MigrationUpdate>(client, 'WatchMigration', { migrationId }, (update) => {
    if (update.snapshot) last = update.snapshot;
    onUpdate(update);
  });
  return last;
}
