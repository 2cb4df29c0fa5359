import { SenderSession, validateChunkSize } from '@ferry/block-pipeline';
import type { DemandAnswerer } from '@ferry/demand-lane';
import { IntegrityError, NotFoundError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import type { DataKeys } from '../shipper/data-keys';
import type { SourceClient } from '../shipper/source-client';
import type { ExposedDisks } from './exposed-disks';

/** What demand reads served, for GetExposedDisk and /metrics. */
export const demandMetrics = { chunksServed: 0, bytesServed: 0, requests: 0, readAheadRequests: 0, failures: 0 };
/** Most chunks one request may ask for (a guest read spans a few; read-ahead a few more). */
const MAX_CHUNKS_PER_REQUEST = 64;

/**
 * Answers demand reads of exposed disks: the source seals each chunk as a frame of a demand session
 * (generation 0, one per disk for this process's life, counters reserved here per request) and this
 * forwards the sealed frames as they are, so plaintext never leaves the source host, as in bulk copies.
 */
export function demandAnswerer(exposed: ExposedDisks, keys: DataKeys, sourceFor: (endpoint: string) => SourceClient): DemandAnswerer {
  const sessions = new Map<string, Promise<{ sender: SenderSession; wrapped: Buffer }>>();
  const sessionOf = (migrationId: string, diskId: string): Promise<{ sender: SenderSession; wrapped: Buffer }> => {
    const key = `${migrationId}\0${diskId}`;
    let session = sessions.get(key);
    if (session === undefined) {
      session = keys.forMigration(migrationId).then(({ dataKey, wrapped }) => ({ sender: new SenderSession(dataKey, { migrationId, diskId, generation: 0 }), wrapped }));
      session.catch(() => sessions.delete(key));
      sessions.set(key, session);
    }
    return session;
  };
  return async (request, send) => {
    demandMetrics.requests++;
    if (request.readAhead) demandMetrics.readAheadRequests++;
    try {
      const disk = exposed.get(request.migrationId, request.diskId);
      if (disk === undefined) {
        throw new NotFoundError(`disk ${request.diskId} of migration ${request.migrationId} is not exposed for demand reads here; the appliance exposes it (ExposeDisk) before it creates the cache volume`);
      }
      const chunkSize = validateChunkSize(request.chunkSize, 'chunkSize');
      if (request.indexes.length === 0 || request.indexes.length > MAX_CHUNKS_PER_REQUEST) {
        throw new ValidationError('indexes', `must name 1 to ${MAX_CHUNKS_PER_REQUEST} chunks, got ${request.indexes.length}`);
      }
      const { sender, wrapped } = await sessionOf(request.migrationId, request.diskId);
      const session = { ...sender.params, wrappedDataKey: wrapped, virtualSize: disk.virtualSize, chunkSize, targetFormat: 'cache' };
      const firstCounter = sender.reserveBlock(request.indexes.length);
      const reads = sourceFor(disk.sourceEndpoint).readChunks(disk.sourceLocator, chunkSize, request.indexes, { sessionKey: sender.key, ...sender.params, firstCounter });
      let position = 0;
      for await (const chunk of reads) {
        const expected = request.indexes[position];
        if (chunk.index !== expected || chunk.sealed.length === 0) throw new IntegrityError(`source returned chunk ${chunk.index} (sealed: ${chunk.sealed.length > 0}) where sealed chunk ${expected} was expected`);
        position++;
        await send({ session, sealed: chunk.sealed });
        demandMetrics.chunksServed++;
        demandMetrics.bytesServed += chunk.sealed.length;
      }
      if (position !== request.indexes.length) throw new IntegrityError(`source stream ended after ${position} of ${request.indexes.length} chunks`);
    } catch (error) {
      demandMetrics.failures++;
      throw error;
    }
  };
}

/** The reply of ExposeDisk / ConcealDisk. */
export function exposedReply(migrationId: string, diskId: string, virtualSize: number, exposed: boolean): ferry.dataplane.v1.ExposedDisk {
  return ferry.dataplane.v1.ExposedDisk.create({ migrationId, diskId, virtualSize, exposed, chunksServed: demandMetrics.chunksServed, bytesServed: demandMetrics.bytesServed });
}

