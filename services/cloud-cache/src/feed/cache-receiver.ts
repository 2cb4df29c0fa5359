import { join } from 'node:path';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { diskDigest, ReceiverSession, sessionParamsOf, toNumber, unwrapDataKey, validateChunkSize, type Encoding } from '@ferry/block-pipeline';
import { asNoSpace, describeNoSpace, NoSpaceError, noSpaceReport } from '@ferry/chunk-receiver';
import { grpcStatusOf, IllegalStateError, IntegrityError, NotFoundError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import type { CacheVolume } from '../cache/cache-volume';

type Call = ServerDuplexStream<ferry.dataplane.v1.SenderMessage, ferry.dataplane.v1.ReceiverMessage>;
const pb = ferry.dataplane.v1;

/** What every hydration stream shares. */
export interface CacheReceiverDeps {
  siteKey: Buffer;
  /** The volume named "<iqn>/<lun>", if this cache serves it. */
  volumeOf(key: string): CacheVolume | undefined;
  /** Frames a sender may have in flight. */
  window: number;
  /** Chunks landed per flush and acknowledgement. */
  commitBatch: number;
  /** Longest a hydration frame waits for on-demand fetches to finish before it lands anyway. */
  yieldMaxMs: number;
  log(line: string): void;
}

/** Counts for /metrics and the tests. */
export const hydrationMetrics = { sessions: 0, stored: 0, kept: 0, completed: 0, rejected: 0 };

const buf = (u: Uint8Array | null | undefined): Buffer => (u ? Buffer.from(u.buffer, u.byteOffset, u.byteLength) : Buffer.alloc(0));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Hydration of a cache volume: the bulk transfer's stream with the volume as its target (relayed by
 * cloud-manager). Each frame is verified here (order, tag, hash) and landed with the written bitmap
 * winning; resumes skip chunks the cache holds with their source hash; the final frame's whole-disk
 * digest is checked against the source hashes the cache collected, so a volume the guest has been
 * writing to is still proven complete and untampered.
 */
export function handleCacheTransfer(call: Call, deps: CacheReceiverDeps): void {
  let session: ReceiverSession | undefined;
  let volume: CacheVolume | undefined;
  let key = '';
  let unacked: number[] = [];
  let failed = false;
  let chain: Promise<void> = Promise.resolve();

  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    hydrationMetrics.rejected++;
    void (async () => {
      let details = error instanceof Error ? error.message : String(error);
      if (error instanceof NoSpaceError) {
        // The cache's file system is full: said as its own condition (where, how much) before the status,
        // as the datastore receiver says it, so prem-manager waits for room instead of failing the hydration.
        const report = await noSpaceReport(error, []);
        details = describeNoSpace(report);
        call.write(pb.ReceiverMessage.create({ noSpace: report }));
      }
      deps.log(`hydration stream of ${key || 'an unopened volume'} rejected: ${details}`);
      call.emit('error', { code: grpcStatusOf(error), details });
    })();
  };
  /** A write or flush of the volume that found no room, as the NoSpaceError the sender understands. */
  const noRoom = (error: unknown, bytes: number): unknown => asNoSpace(error, volume ? join(volume.directory, 'data') : key, bytes);

  /** Makes landed chunks durable (data, source hashes, bitmaps), then acknowledges them with credits. */
  const commit = async (): Promise<void> => {
    if (volume === undefined || unacked.length === 0) return;
    const indexes = unacked;
    unacked = [];
    await volume.flush().catch((error: unknown) => {
      throw noRoom(error, 0);
    });
    if (!failed) call.write(pb.ReceiverMessage.create({ ack: { indexes, credits: indexes.length } }));
  };

  const open = (message: ferry.dataplane.v1.ISessionOpen): void => {
    const params = sessionParamsOf(message);
    key = message.targetPath ?? '';
    if (message.targetFormat !== 'cache') throw new ValidationError('open.targetFormat', `is "${message.targetFormat}"; this port takes cache volume targets only ("cache")`);
    if (message.mode !== pb.TransferMode.TRANSFER_MODE_FULL) throw new ValidationError('open.mode', 'a cache volume is hydrated with a FULL transfer only (it keeps no older generation to compare with)');
    if (params.generation < 1) throw new ValidationError('open.generation', `must be at least 1, got ${params.generation}`);
    volume = deps.volumeOf(key);
    if (volume === undefined) throw new NotFoundError(`no cache volume "${key}" here; create it (ferry.cmd.cloud-cache.create-volume) before hydrating it`);
    const chunkSize = validateChunkSize(message.chunkSize ?? 0, 'open.chunkSize');
    const virtualSize = toNumber(message.virtualSize);
    if (virtualSize !== volume.size || chunkSize !== volume.chunkSize) {
      throw new ValidationError('open', `volume ${key} is ${volume.size} bytes in ${volume.chunkSize}-byte chunks; the source session says ${virtualSize} bytes in ${chunkSize}-byte chunks`);
    }
    const dataKey = unwrapDataKey(deps.siteKey, buf(message.wrappedDataKey), params.migrationId);
    session = new ReceiverSession(dataKey, params, { virtualSize, chunkSize });
    hydrationMetrics.sessions++;
    call.write(pb.ReceiverMessage.create({ accepted: { verifiedBitmap: volume.sourceVerifiedBitmap(), credits: deps.window } }));
    deps.log(`hydration session opened for ${key} (${params.migrationId}/${params.diskId})`);
  };

  const chunk = async (m: ferry.dataplane.v1.IChunkFrame): Promise<void> => {
    if (session === undefined || volume === undefined) throw new IllegalStateError('a chunk frame arrived before SessionOpen');
    // Demand reads go first: a guest waiting on a miss is not queued behind hydration's disk writes.
    const started = performance.now();
    while (volume.demandActive(performance.now(), 10) && performance.now() - started < deps.yieldMaxMs) await sleep(5);
    const verified = session.openChunk({
      sessionId: buf(m.sessionId), counter: toNumber(m.counter), index: m.index ?? 0, offset: toNumber(m.offset), length: m.length ?? 0,
      encoding: (m.encoding ?? 0) as Encoding, plaintextSha256: buf(m.plaintextSha256), ciphertext: buf(m.ciphertext), tag: buf(m.tag),
    });
    const outcome = await volume.landHydrated(verified.index, verified.plaintext, verified.sha256, verified.zero).catch((error: unknown) => {
      throw noRoom(error, verified.plaintext.length);
    });
    hydrationMetrics[outcome]++;
    unacked.push(verified.index);
    if (unacked.length >= deps.commitBatch) await commit();
  };

  const final = async (f: ferry.dataplane.v1.IFinalFrame): Promise<void> => {
    if (session === undefined || volume === undefined) throw new IllegalStateError('a final frame arrived before SessionOpen');
    await commit();
    const { diskDigest: theirs } = session.openFinal({ sessionId: buf(f.sessionId), counter: toNumber(f.counter), frames: toNumber(f.frames), diskDigest: buf(f.diskDigest), tag: buf(f.tag) });
    const ours = diskDigest(volume.size, volume.chunkSize, volume.sourceDigestInputs());
    if (!ours.equals(theirs)) throw new IntegrityError(`${key}: the source hashes the cache collected give digest ${ours.toString('hex')}, the source's is ${theirs.toString('hex')}; the hydration is retried`);
    const zeros = await volume.completeHydration();
    hydrationMetrics.completed++;
    call.write(pb.ReceiverMessage.create({ completed: { diskDigest: ours, chunksVerified: volume.chunkCount, duplicateFrames: 0 } }));
    deps.log(`${key} hydrated: ${session.acceptedFrames} frames this session, ${zeros} zero chunks marked, digest ${ours.toString('hex').slice(0, 16)}`);
    call.end();
  };

  call.on('data', (message: ferry.dataplane.v1.SenderMessage) => {
    chain = chain
      .then(async () => {
        if (failed) return;
        if (message.open) open(message.open);
        else if (message.chunk) await chunk(message.chunk);
        else if (message.final) await final(message.final);
        else throw new ValidationError('message', 'is empty; send open, chunk or final');
      })
      .catch(fail);
  });
  call.on('end', () => {
    chain = chain.then(commit).catch(fail);
  });
  call.on('cancelled', () => {
    chain = chain.then(commit).catch(() => undefined);
  });
  call.on('error', () => undefined);
}
