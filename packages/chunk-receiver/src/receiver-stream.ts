import { mkdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { chunkRange, isStripeTicket, ReceiverSession, sessionParamsOf, toNumber, trackFrameGarbage, unwrapDataKey, validateChunkSize, type ChunkFrame, type Encoding, type OpenPool, type PooledLanding } from '@ferry/block-pipeline';
import { ConcurrencyError, grpcStatusOf, IllegalStateError, IntegrityError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { FrameOrder } from './frame-order';
import type { StripeSetting } from './stripe-intake';
import { asNoSpace, describeNoSpace, NoSpaceError, noSpaceReport } from './no-space';
import { SessionLease, type LeaseSetting } from './session-lease';
import { stateDirOf, TargetStore } from './target-store';

/** How long an ended Transfer stream waits for frames still on their stripes before the session fails. */
const STRIPE_END_GRACE_MS = 30_000;
/**
 * How far ahead of the lowest counter not come yet a striped session's frame may come, at least. A sender keeps
 * at most its credits unacknowledged, but the frames after one that a stripe holds back (waiting for a lost
 * segment) are acknowledged as they land, so the other stripes run ahead by the data rate times the stall: a
 * bound of twice the credits would fail a session whose stripe waits a few retransmission timeouts. At 1 Gbit/s,
 * 4,096 frames of 1 MiB chunks are a stall of 12 s (compressible data) to 34 s (incompressible); a lean stripe
 * silent for 30 s (LEAN_SILENT_MS) is cut anyway. The bound keeps the counters admitted ahead (two sets of
 * numbers) small against a sender that skipped one.
 */
const REORDER_FRAMES = 4096;

type Call = ServerDuplexStream<ferry.dataplane.v1.SenderMessage, ferry.dataplane.v1.ReceiverMessage>;
const pb = ferry.dataplane.v1;

/** What a receiving service counts (its /metrics); plain calls, no allocation per chunk. */
export interface ReceiverStreamMetrics {
  sessionOpened(): void;
  /** A verified chunk that had already been verified in the same generation (resent after a cut). */
  chunkResent(): void;
  /** One chunk frame authenticated, hash-checked and written in `ms`. */
  chunkVerified(ciphertextBytes: number, ms: number): void;
}

/** What every receiving stream shares. */
export interface ReceiverDeps {
  siteKey: Buffer;
  /** Targets may only be written under these directories. */
  targetRoots: readonly string[];
  /** The setting that names targetRoots, for the error that refuses a path outside them. */
  targetRootSetting?: string;
  /** Targets are existing disks written in place (prem disks on a migrate back), never created or truncated. */
  existingTargets?: boolean;
  metrics?: ReceiverStreamMetrics;
  /** Per-disk verified-chunk maps live here (shared storage when several receivers serve one target storage). */
  stateRoot: string;
  /**
   * Each session holds a lease on its disk (beside the chunk map) so that two receivers sharing the
   * state root never write one target at once; none: a single receiver, no lease.
   */
  lease?: LeaseSetting;
  /** Frames a sender may have in flight (credits). */
  window: number;
  /** Frames written before one fsync + ack. */
  commitBatch: number;
  /** Verifies and writes chunks on worker threads (inline when it has none). */
  pool: OpenPool;
  /** TransferStripe streams this receiver takes (its sessions register here); none: frames come on Transfer only. */
  stripes?: StripeSetting;
  /** Open streams by disk: a new session of a disk supersedes (ends) the old one. */
  active: Map<string, { supersede(by: string): void }>;
  log(line: string): void;
}

function buf(bytes: Uint8Array | null | undefined): Buffer {
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.alloc(0);
}

/**
 * One Transfer stream: SessionOpen → SessionAccepted (resume state, credits) → verified chunks
 * written, fsynced, recorded, acknowledged with fresh credits → FinalFrame → digest check →
 * TransferCompleted. Any failure ends the stream with a status naming the problem; nothing
 * unverified is ever written to the target. A full file system (ENOSPC, EDQUOT) is first reported as
 * ReceiverMessage.no_space (where, how much), then the stream ends with RESOURCE_EXHAUSTED.
 */
/** `first`: a message the caller already read from the stream (its SessionOpen, read to route the stream); handled before the rest. */
export function handleTransfer(call: Call, deps: ReceiverDeps, first?: ferry.dataplane.v1.SenderMessage): void {
  let session: ReceiverSession | undefined;
  let store: TargetStore | undefined;
  let lease: SessionLease | undefined;
  let generation = 0;
  let diskKey = '';
  /** The session id (hex) its stripes join by. */
  let stripeKey = '';
  /** The target file and the disk's chunk map, named when a write to them finds no room. */
  let targetFile = '';
  let recordsFile = '';
  let duplicates = 0;
  let queued = 0;
  let failed = false;
  let chain: Promise<void> = Promise.resolve();
  let landing: PooledLanding | undefined;
  /** Frames handed to the pool and not yet recorded; the chain waits when the pool holds enough. */
  const landings = new Set<Promise<void>>();
  const landingDepth = Math.max(2, deps.pool.threads * 2);
  /** Waits until every frame handed to the pool has been written and recorded (or has failed). */
  const landed = async (): Promise<void> => {
    while (landings.size > 0) await Promise.all([...landings]);
  };
  const self = { supersede: (by: string) => fail(new ConcurrencyError(`${diskKey}: superseded by session ${by}; this stream's unacknowledged chunks will be resent there`)) };

  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    void (async () => {
      let details = error instanceof Error ? error.message : String(error);
      if (error instanceof NoSpaceError) {
        // Its own condition, before the status: the sender waits for room instead of retrying at once.
        const report = await noSpaceReport(error, deps.targetRoots);
        details = describeNoSpace(report);
        call.write(pb.ReceiverMessage.create({ noSpace: report }));
      }
      deps.log(`transfer stream rejected: ${details}`);
      await landing?.close().catch(() => undefined);
      await store?.close();
      await lease?.release();
      if (deps.active.get(diskKey) === self) deps.active.delete(diskKey);
      closeStripes();
      call.emit('error', { code: grpcStatusOf(error), details });
    })();
  };

  // Commits run beside the frame chain (fsync happens on libuv's thread pool), so writing the next
  // frames overlaps making the previous ones durable. Two stages: the data fsync of one batch overlaps recording (bitmap write + fsync) of the one before, which
  // halves the time credits wait on a disk where fsync is slow. Each batch is recorded only after its own data
  // is durable, batches are recorded and acknowledged in order.
  let committing: Promise<void> | undefined;
  let recording: Promise<void> = Promise.resolve();
  const commitOnce = async (): Promise<void> => {
    if (store === undefined) return;
    const target = store;
    const [file, records, chunkSize] = [targetFile, recordsFile, store.spec.chunkSize];
    const batch = await target.syncData().catch((error: unknown) => {
      throw asNoSpace(error, file, chunkSize);
    });
    const previous = recording;
    recording = (async () => {
      await previous;
      const indexes = await target.recordBatch(batch).catch((error: unknown) => {
        throw asNoSpace(error, records, batch.length * 36); // 36 bytes per chunk record
      });
      if (indexes.length > 0 && !failed) call.write(pb.ReceiverMessage.create({ ack: { indexes, credits: indexes.length } }));
    })();
    recording.catch(fail);
  };
  const maybeCommit = (): void => {
    if (committing !== undefined || store === undefined || failed) return;
    if (store.uncommitted === 0 || (store.uncommitted < deps.commitBatch && queued + landings.size > 0)) return;
    committing = commitOnce()
      .catch(fail)
      .finally(() => {
        committing = undefined;
        maybeCommit();
      });
  };
  /** Waits for the running commit, then commits whatever is left. */
  const flush = async (): Promise<void> => {
    await landed();
    while (committing !== undefined) await committing;
    await commitOnce();
    await recording;
  };

  const open = async (message: ferry.dataplane.v1.ISessionOpen): Promise<void> => {
    const params = sessionParamsOf(message);
    if (params.generation < 1) throw new ValidationError('open.generation', `must be at least 1, got ${params.generation}`);
    const targetPath = resolve(message.targetPath ?? '');
    const roots = deps.targetRoots.map((root) => resolve(root));
    if (!roots.some((root) => targetPath.startsWith(root + sep))) {
      throw new ValidationError('open.targetPath', `${targetPath} is outside the target roots (${roots.join(', ')}); set ${deps.targetRootSetting ?? 'the target roots'} or choose a path under them`);
    }
    if ((message.targetFormat ?? 'raw') !== 'raw' && message.targetFormat !== '') throw new ValidationError('open.targetFormat', `"${message.targetFormat}" is not written yet; use "raw"`);
    const chunkSize = validateChunkSize(message.chunkSize ?? 0, 'open.chunkSize');
    const virtualSize = toNumber(message.virtualSize);
    const dataKey = unwrapDataKey(deps.siteKey, buf(message.wrappedDataKey), params.migrationId);
    diskKey = `${params.migrationId}/${params.diskId}`;
    closeStripes();
    deps.active.get(diskKey)?.supersede(params.sessionId.toString('hex'));
    deps.active.set(diskKey, self);
    if (deps.lease !== undefined) {
      // Before the target is opened (a first open truncates it): another live replica's session keeps it.
      const stateDir = stateDirOf(deps.stateRoot, params.migrationId, params.diskId);
      await mkdir(stateDir, { recursive: true });
      lease = await SessionLease.take(stateDir, deps.lease, params.sessionId.toString('hex'), diskKey, fail);
    }
    store = await TargetStore.open(deps.stateRoot, { migrationId: params.migrationId, diskId: params.diskId, targetPath, virtualSize, chunkSize, existing: deps.existingTargets === true });
    targetFile = targetPath;
    recordsFile = join(stateDirOf(deps.stateRoot, params.migrationId, params.diskId), 'chunks.map');
    if (params.generation < store.completedGeneration) {
      throw new IllegalStateError(`${diskKey} already completed generation ${store.completedGeneration}; generation ${params.generation} is stale`);
    }
    generation = params.generation;
    // A changed-list delta may send a chunk's changed span only: the target holds the rest from an earlier generation.
    session = new ReceiverSession(dataKey, params, { virtualSize, chunkSize }, message.mode === pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED);
    await landing?.close();
    landing = deps.pool.open(session.sessionKey, params, targetPath);
    deps.metrics?.sessionOpened();
    // A hash compare needs the target's hashes; so does a changed-list delta into an existing disk (migrate
    // back over the cache), whose unchanged chunks are the target's own and count in the digest by them.
    const wantHashes = message.mode === pb.TransferMode.TRANSFER_MODE_DELTA_HASHES || (message.mode === pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED && deps.existingTargets === true);
    if (deps.stripes !== undefined && deps.stripes.max > 0) {
      stripeKey = params.sessionId.toString('hex');
      let joined = 0;
      const max = deps.stripes.max;
      const verifier = session;
      const joinedOne = (): void => {
        if (joined >= max) throw new ValidationError('stripe', `session ${stripeKey} already has the ${max} stripes this receiver takes (STRIPES_PER_SESSION); send on those`);
        joined++;
        order.stripesJoined();
        verifier.admitOutOfOrder(order.limit);
      };
      const sessionKey = session.sessionKey;
      const sessionId = params.sessionId;
      deps.stripes.sinks.set(stripeKey, { frame: arrive, fail, joined: joinedOne, admits: (ticket, stripe) => isStripeTicket(ticket, sessionKey, sessionId, stripe) });
    }
    call.write(pb.ReceiverMessage.create({ accepted: { verifiedBitmap: store.verifiedBitmap(generation), chunkHashes: wantHashes ? store.chunkHashes() : Buffer.alloc(0), credits: deps.window, stripes: stripeKey === '' ? 0 : deps.stripes?.max } }));
    deps.log(`session ${params.sessionId.toString('hex')} opened for ${diskKey} generation ${generation} → ${targetPath}`);
  };

  // In the chain (the order frames were passed on: arrival order, but the final frame after every frame
  // before it): check the frame's place and hand it to the pool. The pool verifies and writes it; then it
  // is recorded for the next commit (fsync, bitmap, ack). Frames of one chunk index always go to the same
  // worker, so two frames of one chunk are written one after the other, in the order they were admitted.
  const chunk = async (message: ferry.dataplane.v1.IChunkFrame): Promise<void> => {
    if (session === undefined || store === undefined || landing === undefined) throw new IllegalStateError('a chunk frame arrived before SessionOpen; the sender must open the session first');
    const frame: ChunkFrame = {
      sessionId: buf(message.sessionId), counter: toNumber(message.counter), index: message.index ?? 0, offset: toNumber(message.offset), length: message.length ?? 0,
      encoding: (message.encoding ?? 0) as Encoding, plaintextSha256: buf(message.plaintextSha256), ciphertext: buf(message.ciphertext), tag: buf(message.tag),
    };
    const { span } = session.admitChunk(frame);
    const { index, length } = frame;
    const ciphertextBytes = frame.ciphertext.length;
    // Its message buffer moves to a worker; the HTTP/2 chunks it came in are garbage to collect young.
    trackFrameGarbage(ciphertextBytes);
    if (store.generationOf(index) === generation) {
      duplicates++;
      deps.metrics?.chunkResent();
    }
    const [target, verifier, gen, file] = [store, session, generation, targetFile];
    const verifyStarted = performance.now();
    // A span's chunk is read back whole and hashed, so the digest covers what the target now holds.
    const whole = span ? chunkRange(index, target.spec.virtualSize, target.spec.chunkSize) : undefined;
    const written = landing.land(frame, target.needsZeroWrite(index, length), whole).catch((error: unknown) => {
      throw asNoSpace(error, file, length);
    });
    const work: Promise<void> = written.then((result) => {
      if (failed) return;
      deps.metrics?.chunkVerified(ciphertextBytes, performance.now() - verifyStarted);
      verifier.markAccepted();
      target.record(index, gen, result.sha256);
    });
    const tracked: Promise<void> = work
      .catch(fail)
      .finally(() => {
        landings.delete(tracked);
        maybeCommit();
      });
    landings.add(tracked);
    while (landings.size >= landingDepth && !failed) await Promise.race(landings);
  };

  const final = async (frame: ferry.dataplane.v1.IFinalFrame): Promise<void> => {
    if (session === undefined || store === undefined) throw new IllegalStateError('a final frame arrived before SessionOpen');
    await landed();
    if (failed) return;
    const { diskDigest } = session.openFinal({ sessionId: buf(frame.sessionId), counter: toNumber(frame.counter), frames: toNumber(frame.frames), diskDigest: buf(frame.diskDigest), tag: buf(frame.tag) });
    await flush();
    const ours = store.digest();
    if (!ours.equals(diskDigest)) {
      throw new IntegrityError(`${diskKey} generation ${generation}: target digest ${ours.toString('hex')} differs from the source digest ${diskDigest.toString('hex')}; run a hash-compare delta sync to repair`);
    }
    await store.markCompleted(generation);
    call.write(pb.ReceiverMessage.create({ completed: { diskDigest: ours, chunksVerified: store.chunks, duplicateFrames: duplicates } }));
    deps.log(`${diskKey} generation ${generation} completed: ${session.acceptedFrames} frames, ${duplicates} duplicates, digest ${ours.toString('hex').slice(0, 16)}`);
    await landing?.close();
    landing = undefined;
    await store.close();
    store = undefined;
    await lease?.release();
    if (deps.active.get(diskKey) === self) deps.active.delete(diskKey);
    closeStripes();
    call.end();
  };

  const handle = async (message: ferry.dataplane.v1.SenderMessage): Promise<void> => {
    if (failed) return;
    if (message.open) await open(message.open);
    else if (message.chunk) await chunk(message.chunk);
    else if (message.final) await final(message.final);
    else throw new ValidationError('message', 'is empty; send open, chunk or final');
  };

  const enqueue = (message: ferry.dataplane.v1.SenderMessage): void => {
    queued++;
    chain = chain.then(() => {
      queued--;
      return handle(message);
    }).catch(fail);
  };
  // Frames may come over several stripes: they go into the chain as they come, the final frame once every
  // frame before it came (a stripe that waits for a lost segment holds back only its own frames).
  /** The Transfer stream's end, kept until the frames its final frame waits for have come over their stripes. */
  let endPending: (() => void) | undefined;
  const order = new FrameOrder<ferry.dataplane.v1.SenderMessage>(enqueue, Math.max(REORDER_FRAMES, 2 * deps.window));
  function arrive(message: ferry.dataplane.v1.SenderMessage): void {
    if (failed) return;
    const framed = message.chunk ?? message.final;
    try {
      if (framed) order.push(toNumber(framed.counter), message, message.final !== null && message.final !== undefined);
      else {
        if (message.open) order.reset();
        enqueue(message);
      }
    } catch (error) {
      fail(error);
    }
    if (endPending !== undefined && !order.holdsFinal) {
      const end = endPending;
      endPending = undefined;
      end();
    }
  }
  function closeStripes(): void {
    if (stripeKey !== '' && deps.stripes?.sinks.get(stripeKey)?.frame === arrive) deps.stripes.sinks.delete(stripeKey);
    stripeKey = '';
  }
  if (first !== undefined) arrive(first);
  call.on('data', arrive);
  const ended = (): void => {
    chain = chain
      .then(async () => {
        if (failed || store === undefined) return;
        await flush(); // chunks verified before the cut stay verified
        if (failed) return;
        session?.finish();
        throw new IllegalStateError('the stream ended before SessionOpen');
      })
      .catch(fail);
  };
  call.on('end', () => {
    if (!order.holdsFinal) return ended();
    // The final frame (sent just before the end) waits for frames still on their stripes: end after them.
    const timer = setTimeout(() => fail(new IntegrityError(`${diskKey}: the Transfer stream ended while its final frame waited ${STRIPE_END_GRACE_MS / 1000} s for frame counter ${order.firstMissing}, which never came on any stripe; the session is retried`)), STRIPE_END_GRACE_MS);
    timer.unref();
    endPending = () => {
      clearTimeout(timer);
      ended();
    };
  });
  call.on('cancelled', () => {
    chain = chain.then(() => flush()).then(() => fail(new IntegrityError(`stream of ${diskKey} was cancelled by the sender`))).catch(fail);
  });
  call.on('error', () => undefined); // status already sent by fail(); avoid an unhandled 'error'
}
