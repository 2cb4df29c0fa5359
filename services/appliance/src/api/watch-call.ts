// Adapts watchMigration to grpc-js. Not service-kit's serverStream: that one ends a failed stream with
// call.destroy(), after which grpc-js never sends the status, so the client waits forever for a
// refusal (e.g. NOT_FOUND). Emitting 'error' makes grpc-js send the status and close the call.
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { EventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { toServiceError } from '@ferry/service-kit';
import { watchMigration } from './watch-migration';

import api = ferry.api.v1;

/** The WatchMigration handler for addService. */
export function watchMigrationCall(store: EventStore) {
  return (call: ServerWritableStream<api.WatchMigrationRequest, api.IMigrationUpdate>): void => {
    const abort = new AbortController();
    call.on('cancelled', () => abort.abort());
    watchMigration(store, call.request.migrationId, (update) => call.write(update), abort.signal).then(
      () => call.end(),
      (error: unknown) => {
        if (!abort.signal.aborted) call.emit('error', Object.assign(new Error(String(error)), toServiceError(error)));
      },
    );
  };
}
