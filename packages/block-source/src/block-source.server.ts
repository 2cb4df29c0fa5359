import { status, type ServerDuplexStream, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { chunkCount, chunkRange, createGarbageJanitor, PreparePool, validateChunkSize, type BlockSource, type BufferPool, type EncodedSourceChunk, type SourceChunkFields } from '@ferry/block-pipeline';
import { grpcStatusOf, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { ChunkStreamer, type SendChunk } from './chunk-streamer';
import { shipChunks, type ReceiverIdentity } from './ship-chunks';
import type { SourceRegistry } from './source-registry';

type Pb = typeof ferry.dataplane.v1;

/** Maps any error to a gRPC status with the Ferry message, so the caller sees what to fix. */
export function toStatus(error: unknown): { code: number; details: string } {
  return { code: grpcStatusOf(error), details: error instanceof Error ? error.message : String(error) };
}

/** Every index the request names, in order, checked against the disk's chunk count. */
function* requestedIndexes(request: ferry.dataplane.v1.IReadChunksRequest, total: number): Generator<number> {
  for (const range of request.ranges ?? []) {
    const first = range.first ?? 0;
    const last = range.last ?? 0;
    if (first > last || last >= total) throw new ValidationError('ranges', `range ${first}..${last} is outside chunks 0..${total - 1}`);
    for (let index = first; index <= last; index++) yield index;
  }
}

async function sourceAndGeometry(registry: SourceRegistry, request: ferry.dataplane.v1.IReadChunksRequest) {
  const source = await registry.get(request.disk?.locator ?? '');
  const chunkSize = validateChunkSize(request.chunkSize ?? 0, 'chunkSize');
  return { source, chunkSize, total: chunkCount(source.virtualSize, chunkSize) };
}

/** Messages a stream may have queued before we wait: with 1 MiB chunks, 4 MiB per reader. */
const MAX_QUEUED = 4;

/**
 * A writer with backpressure tighter than the stream's own (16 messages): at most MAX_QUEUED
 * messages not yet handed to HTTP/2, so a slow reader bounds our memory.
 */
function boundedWriter<T>(call: ServerWritableStream<unknown, T>): (message: T, written?: () => void) => Promise<void> {
  const queued: Array<Promise<void>> = [];
  return async (message: T, written?: () => void) => {
    queued.push(new Promise<void>((resolve) => call.write(message, () => {
      written?.();
      resolve();
    })));
    while (queued.length > MAX_QUEUED) await queued.shift();
  };
}

/**
 * Reads one chunk, reading ahead by `depth` so disk latency overlaps the network. With a `pool`,
 * sources that can read into a buffer use pooled ones (the consumer releases them once sent).
 */
async function* readAhead(source: BlockSource, indexes: Iterable<number>, chunkSize: number, depth = 4, pool?: BufferPool): AsyncGenerator<{ index: number; data: Buffer; pooled: boolean }> {
  const pending: Array<{ index: number; data: Promise<Buffer>; pooled: boolean }> = [];
  const pooled = pool !== undefined && source.readInto !== undefined;
  const iterator = indexes[Symbol.iterator]();
  const fill = (): void => {
    while (pending.length < depth) {
      const next = iterator.next();
      if (next.done === true) return;
      const range = chunkRange(next.value, source.virtualSize, chunkSize);
      const data = pooled ? source.readInto!(pool!.acquire(), range.offset, range.length) : source.read(range.offset, range.length);
      data.catch(() => undefined); // awaited below; avoid an unhandled rejection while queued
      pending.push({ index: next.value, data, pooled });
    }
  };
  fill();
  while (pending.length > 0) {
    const head = pending.shift()!;
    const data = await head.data;
    fill();
    yield { index: head.index, data, pooled: head.pooled };
  }
}

/**
 * gRPC handlers of ferry.dataplane.v1.BlockSource. `receiverIdentity`: how this source dials a
 * receiver when it ships frames itself (ShipChunks); without it it answers that it cannot.
 */
export function blockSourceHandlers(registry: SourceRegistry, prepares: PreparePool, receiverIdentity?: ReceiverIdentity, pb: Pb = ferry.dataplane.v1) {
  const janitor = createGarbageJanitor();
  // Demand reads (a few chunks a guest waits for) seal inline: the workers' queues hold bulk chunks.
  const inline = new PreparePool(0);
  /** Reads and seals the chunks `request` asks for, handing each to `send`; false when `cancelled` cut it short. */
  const streamChunks = async (request: ferry.dataplane.v1.ReadChunksRequest, send: SendChunk, cancelled: () => boolean): Promise<boolean> => {
    const { source, chunkSize, total } = await sourceAndGeometry(registry, request);
    const streamer = new ChunkStreamer(request, chunkSize, request.demand === true ? inline : prepares, send);
    try {
      for await (const { index, data, pooled } of readAhead(source, requestedIndexes(request, total), chunkSize, 6, streamer.readPool)) {
        if (cancelled()) return false;
        janitor.track(data.length);
        await streamer.push(index, data, pooled);
      }
      await streamer.flush();
    } finally {
      streamer.close();
    }
    return true;
  };
  return {
    Describe: (call: ServerUnaryCall<ferry.dataplane.v1.DescribeRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.DiskDescription>) => {
      void (async () => {
        const source = await registry.get(call.request.disk?.locator ?? '', true);
        const extents: ferry.dataplane.v1.IExtent[] = [];
        for await (const extent of source.extents()) extents.push({ offset: extent.offset, length: extent.length, allocated: extent.allocated, zero: extent.zero === true || !extent.allocated });
        return pb.DiskDescription.create({ virtualSize: source.virtualSize, extents });
      })().then(
        (description) => callback(null, description),
        (error: unknown) => callback(toStatus(error)),
      );
    },
    ReadChunks: (call: ServerWritableStream<ferry.dataplane.v1.ReadChunksRequest, SourceChunkFields | EncodedSourceChunk>) => {
      void (async () => {
        if (await streamChunks(call.request, boundedWriter(call), () => call.cancelled)) call.end();
      })().catch((error: unknown) => call.emit('error', toStatus(error)));
    },
    ShipChunks: (call: ServerDuplexStream<ferry.dataplane.v1.ShipControl, ferry.dataplane.v1.IShipReply>) => {
      if (receiverIdentity === undefined) {
        call.emit('error', { code: status.UNIMPLEMENTED, details: 'this block source does not ship frames itself; read them with ReadChunks' });
        return;
      }
      shipChunks(call, streamChunks, receiverIdentity);
    },
    HashChunks: (call: ServerWritableStream<ferry.dataplane.v1.ReadChunksRequest, ferry.dataplane.v1.ChunkHash>) => {
      void (async () => {
        const { source, chunkSize, total } = await sourceAndGeometry(registry, call.request);
        const send = boundedWriter(call);
        // Hash on the pool's threads, a few chunks ahead, answering in request order.
        const hashing: Array<{ index: number; hash: Promise<Buffer> }> = [];
        const depth = Math.max(2, prepares.threads * 2);
        const sendOldest = async (): Promise<void> => {
          const head = hashing.shift()!;
          await send(pb.ChunkHash.create({ index: head.index, sha256: await head.hash }));
        };
        for await (const { index, data } of readAhead(source, requestedIndexes(call.request, total), chunkSize, depth + 2)) {
          if (call.cancelled) return;
          janitor.track(data.length);
          const hash = prepares.hash(data);
          hash.catch(() => undefined); // awaited in order by sendOldest
          hashing.push({ index, hash });
          while (hashing.length >= depth) await sendOldest();
        }
        while (hashing.length > 0) await sendOldest();
        call.end();
      })().catch((error: unknown) => call.emit('error', toStatus(error)));
    },
  };
}

