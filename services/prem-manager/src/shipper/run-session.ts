import type { Client, ClientDuplexStream } from '@grpc/grpc-js';
import { chunkCount, chunkRange, diskDigest, formatCompressionSetting, frameWireBytes, planChunks, SenderSession, toNumber, zeroChunkHash, type CompressionSetting, type EncodedSenderMessage } from '@ferry/block-pipeline';
import { IllegalStateError, IntegrityError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { pause } from '@ferry/service-kit';
import { BandwidthCap } from './bandwidth-cap';
import { transferCompression } from './compression-tally';
import { changedSpans, type ChangedSpan } from './changed-spans';
import type { TransferJob } from './job-store';
import type { TallyWriter } from './tally-files';
import { boundOfSentBytes, isSet, planOf, skipsZeros, verifiedIndexes } from './session-plan';
import { ReceiverOutOfSpace } from './no-space';
import type { FlowWindowSetting } from './flow-window';
import { ReceiverLink } from './receiver-link';
import { SessionStripes, type StripeLine } from '@ferry/stripe-sender';
import { SessionTimeline } from './session-timeline';
import { SourceShipping } from './source-shipping';
import { shipperMetrics } from './shipper-metrics';
import type { SourceClient } from './source-client';

const pb = ferry.dataplane.v1;
/** How long a session waits for its stripes' connections; the ones not up by then are left out of it. */
const STRIPE_CONNECT_MS = 3000;
/** Everything one session of one disk uses. */
export interface SessionDeps {
  job: TransferJob;
  dataKey: Buffer;
  wrappedDataKey: Buffer;
  source: SourceClient;
  receiver: Client;
  recordSent(index: number): void;
  /** The transfer's tally: the session's plan, the chunks the receiver verified, source and wire bytes. */
  tally: Pick<TallyWriter, 'plan' | 'verified' | 'sent' | 'savedCompression'>;
  log?(line: string): void;
  /** The source hash list of the previous completed generation, if it matches this disk. */
  previousHashes?(virtualSize: number): Promise<Buffer | undefined>;
  /** Persists the job (its chunksTotal is known once the source is described). */
  persist?(): Promise<void>;
  /** Aborted by CancelTransfer: the stream to the receiver and the source reads end at once. */
  signal?: AbortSignal;
  /** Called at the session's first acknowledgement: the receiver is taking chunks again (e.g. after it had no room). */
  onFirstAck?(): void;
  /** How the stream's in-flight window is sized (FLOW_WINDOW). Default: from the measured bandwidth-delay product. */
  flowWindow?: FlowWindowSetting;
  /** How the source compresses this session's chunks (COMPRESSION_LEVEL). Default level 1. */
  compression?: CompressionSetting;
  /**
   * Lines to the receiver, each a connection of its own (TRANSFER_STRIPES): the chunk frames are spread
   * over as many of them as the receiver allows. None: the Transfer stream carries them.
   */
  stripes?: readonly StripeLine[];
  /** Stripes go as lean streams (LEAN_STREAMS): the source that ships the frames dials its own the same way. Default true. */
  leanStreams?: boolean;
  /** Source bytes the session must have to send before it dials its stripes (STRIPE_MIN_MIB); default 0. */
  stripeMinBytes?: number;
  /** How many stripes this receiver allowed at its last session (SessionAccepted.stripes), kept per receiver by the shipper. */
  receiverStripes?: { allowed?: number };
  /**
   * Whether the source ships this session's frames itself, over stripes of its own to `receiverEndpoint`
   * (FRAMES_FROM_SOURCE), kept per source and receiver by the shipper: a source that cannot turns it off.
   */
  shipRoute?: { enabled: boolean };
  /** The receiver's endpoint as this shipper dials it (the source dials it too when it ships the frames). */
  receiverEndpoint?: string;
}

/** What the shipper counts of a frame it sends. */
interface SentFrame {
  index: number;
  length: number;
  ciphertextLength: number;
  /** Plaintext bytes read from the source for it (0 for a zero range sealed here). */
  sourceBytes: number;
  /** A zero range: no payload. */
  zero: boolean;
  /** The zstd level the source compressed it at (data chunks that were not all zeros). */
  level?: number;
}

/** Result of a completed session. */
export interface SessionResult {
  diskDigest: Buffer;
  framesSent: number;
  duplicateFrames: number;
  chunksTotal: number;
  virtualSize: number;
  /** The source's hash of every chunk, as the digest used them. */
  chunkHashes: Buffer[];
}

/**
 * Which chunks this session sends, given the receiver's resume state and the job's mode; `spans` gets
 * the changed span of each chunk that only changed_areas name (changed_chunks send theirs whole).
 */
async function chunksToSend(deps: SessionDeps, accepted: ferry.dataplane.v1.SessionAccepted, isData: Uint8Array, sourceHashes: Array<Buffer | undefined>, virtualSize: number, spans: Map<number, ChangedSpan>): Promise<number[]> {
  const { job, source } = deps;
  const total = isData.length;
  const verified = accepted.verifiedBitmap;
  const candidates: number[] = [];
  if (job.mode === pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED) {
    const areas = changedSpans(job.changedAreas ?? [], job.chunkSize, virtualSize);
    const whole = new Set(job.changedChunks);
    for (const [index, span] of areas) if (span !== undefined && !whole.has(index)) spans.set(index, span);
    for (const index of [...new Set([...whole, ...areas.keys()])].sort((a, b) => a - b)) if (index < total && !isSet(verified, index)) candidates.push(index);
    return candidates;
  }
  const skipZeros = skipsZeros(job);
  for (let index = 0; index < total; index++) if (!isSet(verified, index) && !(skipZeros && isData[index] === 0)) candidates.push(index);
  if (job.mode !== pb.TransferMode.TRANSFER_MODE_DELTA_HASHES) return candidates;
  // Hash comparison: the source hashes its data chunks in place; only differing chunks travel.
  await source.hashChunks(job.sourceLocator, job.chunkSize, candidates.filter((i) => isData[i] === 1), sourceHashes as Buffer[], deps.signal);
  const theirs = accepted.chunkHashes;
  return candidates.filter((index) => {
    const ours = sourceHashes[index] ?? zeroChunkHash(chunkRange(index, virtualSize, job.chunkSize).length);
    return !Buffer.from(theirs.subarray(index * 32, index * 32 + 32)).equals(ours);
  });
}

/**
 * One session: describe the source, open the stream (new salt and key), learn what the receiver
 * already verified, send the rest under credits, then the final frame with the whole-disk digest,
 * and wait until the receiver has checked that digest.
 */
export async function runSession(deps: SessionDeps): Promise<SessionResult> {
  const { job, source } = deps;
  /** When the session passed its milestones, in seconds from its start: where a slow start or end of a session went. */
  const timeline = new SessionTimeline(process.hrtime.bigint());
  // The receiver's connection comes up (if it is down) while the source is described.
  deps.receiver.getChannel().getConnectivityState(true);
  const description = await source.describe(job.sourceLocator);
  timeline.mark('source described');
  const { virtualSize } = description;
  const total = chunkCount(virtualSize, job.chunkSize);
  const isData = new Uint8Array(total);
  for await (const chunk of planChunks(description.extents, virtualSize, job.chunkSize)) if (chunk.kind === 'data') isData[chunk.index] = 1;

  if (job.chunksTotal !== total) {
    // Known while the copy runs, so the appliance can checkpoint progress (chunks sent of total).
    job.chunksTotal = total;
    await deps.persist?.();
  }
  throwIfCancelled(deps);
  // A session likely to stripe dials as many stripes as this receiver allowed the last time now, while the
  // receiver opens the session: each one's TCP and TLS handshakes take two round trips, which a long link would
  // otherwise spend with the frames on one connection. The first session to a receiver dials them once accepted.
  const sentBound = job.targetFormat === 'cache' ? undefined : boundOfSentBytes(job, isData);
  // A source that ships the frames itself dials its own stripes ahead, named no read yet (SourceShipping.open names it).
  const early = (deps.stripes ?? []).slice(0, deps.receiverStripes?.allowed ?? 0);
  let dialledAhead: ReturnType<SourceClient['shipChunks']> | undefined;
  if (early.length > 0 && sentBound !== undefined && sentBound >= (deps.stripeMinBytes ?? 0)) {
    if (deps.shipRoute?.enabled === true && deps.receiverEndpoint !== undefined) dialledAhead = source.shipChunks({ receiverEndpoint: deps.receiverEndpoint, stripes: early.length, grpcStripes: deps.leanStreams === false });
    else SessionStripes.dial(early);
    timeline.mark('stripes dialled');
  }
  const identity = { migrationId: job.migrationId, diskId: job.diskId, generation: job.generation };
  const sender = new SenderSession(deps.dataKey, identity);
  const call = (deps.receiver as unknown as { Transfer(): ClientDuplexStream<ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage, ferry.dataplane.v1.ReceiverMessage> }).Transfer();
  let acked = false;
  /** Chunks this session sent as zero ranges, so their acknowledgements count as zeros. */
  const sentAsZero = new Set<number>();
  const link = new ReceiverLink(call, (indexes) => {
    deps.tally.verified(indexes, (index) => sentAsZero.has(index));
    if (acked) return;
    acked = true;
    deps.onFirstAck?.();
  }, deps.flowWindow);
  /** Frames this session plans to send (known once the receiver said what it holds). */
  let framesPlanned = 0;
  let reads: ReturnType<SourceClient['readChunks']> | undefined;
  let stripes: SessionStripes | undefined;
  let shipping: SourceShipping | undefined;
  /** Set before the final frame (and on a stop): stripes whose connections come up later stay out of the session. */
  let closing = false;
  const stop = (): void => {
    closing = true;
    stripes?.cancel();
    shipping?.cancel();
    dialledAhead?.cancel();
    link.cancel();
    reads?.cancel();
  };
  deps.signal?.addEventListener('abort', stop, { once: true });
  try {
    await link.send({ open: { ...sender.params, wrappedDataKey: deps.wrappedDataKey, virtualSize, chunkSize: job.chunkSize, targetPath: job.targetPath, targetFormat: job.targetFormat === 'cache' ? 'cache' : 'raw', mode: job.mode } }, false);
    const accepted = await link.accepted();
    timeline.mark('accepted');
    if (deps.receiverStripes !== undefined) deps.receiverStripes.allowed = accepted.stripes ?? 0;
    const sourceHashes: Array<Buffer | undefined> = new Array<Buffer | undefined>(total);
    const spans = new Map<number, ChangedSpan>();
    const toSend = await chunksToSend(deps, accepted, isData, sourceHashes, virtualSize, spans);
    framesPlanned = toSend.length;
    // A session with enough to send dials as many stripes as the receiver takes (a cache volume's receiver,
    // cloud-cache through cloud-manager's relay, takes none); they join once up, frames going on the Transfer
    // stream until then (the receiver puts them in counter order). A smaller one stays on Transfer: its
    // connection is up and past slow start, where fresh ones would spend the session's few round trips ramping up.
    const plannedBytes = toSend.reduce((sum, index) => sum + (isData[index] === 1 ? (spans.get(index)?.length ?? chunkRange(index, virtualSize, job.chunkSize).length) : 0), 0);
    const takenLines = (deps.stripes ?? []).slice(0, accepted.stripes ?? 0);
    const striping = job.targetFormat !== 'cache' && takenLines.length > 0 && plannedBytes >= (deps.stripeMinBytes ?? 0);
    // The source ships the frames over stripes of its own, if it can (a source that cannot: these join then).
    const shipsFromSource = striping && deps.shipRoute?.enabled === true && deps.receiverEndpoint !== undefined;
    const joinStripes = (): void => {
      void SessionStripes.connected(takenLines, STRIPE_CONNECT_MS)
        .then((clients) => {
          if (closing || clients.length === 0) return;
          stripes = new SessionStripes(clients, { id: sender.params.sessionId, key: sender.key }, (error) => link.fail(error), () => link.wake());
          link.useStripes(stripes);
          timeline.mark('stripes joined');
        })
        .catch((error: unknown) => link.fail(error instanceof Error ? error : new Error(String(error))));
    };
    if (striping && !shipsFromSource) joinStripes();
    const sending = new Set(toSend);
    await deps.tally.plan(virtualSize, planOf(deps.job, isData, accepted.verifiedBitmap, sending));
    deps.tally.verified(verifiedIndexes(accepted.verifiedBitmap, total), (index) => isData[index] === 0);
    // Chunks not sent still count in the digest: zero chunks by their known hash, data chunks hashed at
    // the source — or, for a changed-list delta, unchanged chunks by the previous generation's hash list.
    // Without a previous generation's list, a receiver that reports its hashes (an existing disk written in
    // place: migrate back) vouches for the chunks the list says did not change: they are its own.
    const theirs = Buffer.from(accepted.chunkHashes ?? []);
    const previous =
      job.mode === pb.TransferMode.TRANSFER_MODE_DELTA_CHANGED && job.rehashSource !== true
        ? ((await deps.previousHashes?.(virtualSize)) ?? (theirs.length === total * 32 ? theirs : undefined))
        : undefined;
    const changed = new Set([...job.changedChunks, ...spans.keys()]);
    const missing: number[] = [];
    for (let index = 0; index < total; index++) {
      if (sending.has(index) || sourceHashes[index] !== undefined) continue;
      if (isData[index] === 0) sourceHashes[index] = zeroChunkHash(chunkRange(index, virtualSize, job.chunkSize).length);
      else if (previous !== undefined && !changed.has(index)) sourceHashes[index] = Buffer.from(previous.subarray(index * 32, index * 32 + 32));
      else missing.push(index);
    }
    // The source hashes the unsent chunks while the changed ones travel; the digest waits for both.
    const hashing = source.hashChunks(job.sourceLocator, job.chunkSize, missing, sourceHashes as Buffer[], deps.signal);
    hashing.catch(() => undefined); // awaited before the digest
    timeline.mark('planned');
    const planned = `planned in ${timeline.elapsed().toFixed(2)} s (${missing.length} unsent data chunks hashed at the source meanwhile)`;

    throwIfCancelled(deps);
    // Data chunks are sealed at the source under counters reserved here, in the order asked; the zero
    // ranges to write (a target that may hold older data there) follow, sealed here.
    const dataChunks = toSend.filter((i) => isData[i] === 1);
    const firstCounter = sender.reserveBlock(dataChunks.length);
    const compression = transferCompression.of(job, deps.compression ?? 1, () => deps.tally.savedCompression());
    const dataSpans = dataChunks.flatMap((index) => spans.get(index) ?? []);
    const seal = { sessionKey: sender.key, ...sender.params, firstCounter, compression: formatCompressionSetting(compression.setting) };
    // Where the session's time went, for its log line: waiting for sealed chunks, for the transfer's
    // wire-rate cap, and for credits/network.
    const clock = { source: 0, cap: 0, send: 0 };
    // Read at every send: a new StartTransfer of this transfer changes the cap at once.
    const cap = new BandwidthCap(() => job.maxBytesPerSecond ?? 0);
    let lapStart = process.hrtime.bigint();
    const lap = (key: keyof typeof clock): number => {
      const now = process.hrtime.bigint();
      const seconds = Number(now - lapStart) / 1e9;
      lapStart = now;
      clock[key] += seconds;
      return seconds;
    };
    /** Counts a frame as it goes out: a frame a failed session never sent is in no count. */
    const counted = (frame: SentFrame, wireBytes: number): void => {
      deps.recordSent(frame.index);
      const compressed = frame.level === undefined ? undefined : { level: frame.level, sourceBytes: frame.length, payloadBytes: frame.ciphertextLength };
      deps.tally.sent(frame.sourceBytes, wireBytes, compressed);
      if (compressed === undefined) return;
      for (const counts of [compression.tally, shipperMetrics.compression]) counts.record(compressed.level, compressed.sourceBytes, compressed.payloadBytes);
    };
    const send = async (frame: SentFrame, message: ferry.dataplane.v1.ISenderMessage | EncodedSenderMessage): Promise<void> => {
      const wireBytes = frameWireBytes(frame.ciphertextLength);
      const capDelayMs = cap.delayFor(wireBytes);
      if (capDelayMs > 0) {
        await pause(capDelayMs, deps.signal); // a cancel cuts the wait short
        shipperMetrics.capWaitSeconds += lap('cap');
        throwIfCancelled(deps);
      }
      if (frame.zero) sentAsZero.add(frame.index);
      await link.send(message, true, () => counted(frame, wireBytes), { index: frame.index, wireBytes });
      timeline.markOnce('first frame out');
      lap('send');
      shipperMetrics.frameSent(frame.ciphertextLength);
    };
    const read = { locator: job.sourceLocator, chunkSize: job.chunkSize, indexes: dataChunks, seal, spans: dataSpans };
    const opened = shipsFromSource && dataChunks.length > 0
      ? await (dialledAhead !== undefined
          ? SourceShipping.open(dialledAhead, { read, stripes: takenLines.length })
          : SourceShipping.open(source.shipChunks({ read, receiverEndpoint: deps.receiverEndpoint!, stripes: takenLines.length, grpcStripes: deps.leanStreams === false })))
      : undefined;
    // Stripes dialled ahead for a session that turned out too small to stripe (or with no data to read) go.
    if (opened === undefined) dialledAhead?.cancel();
    if (opened !== undefined && !(opened instanceof SourceShipping)) {
      deps.shipRoute!.enabled = false;
      deps.log?.(`transfer ${job.migrationId}/${job.diskId}: ${opened.unavailable}; its frames go through prem-manager from now on`);
      joinStripes();
    }
    shipping = opened instanceof SourceShipping ? opened : undefined;
    if (shipping !== undefined) {
      timeline.mark('source stripes up');
      const laps = { offered: () => shipperMetrics.chunkReady(lap('source')), reserved: () => lap('send'), capped: () => (shipperMetrics.capWaitSeconds += lap('cap')) };
      await shipping.ship(dataChunks, firstCounter, link, cap, (frame) => {
        timeline.markOnce('first frame out');
        shipperMetrics.sourceBytesRead += frame.length;
        sourceHashes[frame.index] = frame.sha256;
        if (frame.zero) sentAsZero.add(frame.index);
        counted(frame, frame.wireBytes);
        shipperMetrics.frameSent(frame.ciphertextLength);
      }, deps.signal, laps);
    } else reads = source.readChunks(job.sourceLocator, job.chunkSize, dataChunks, seal, dataSpans);
    let position = 0;
    for await (const chunk of reads ?? []) {
      const frame = sealedFrame(chunk, dataChunks[position], firstCounter + position);
      timeline.markOnce('first chunk sealed');
      position++;
      shipperMetrics.chunkReady(lap('source'));
      shipperMetrics.sourceBytesRead += frame.length;
      sourceHashes[frame.index] = Buffer.from(chunk.sha256);
      // A chunk the source found all zeros travels as a zero range: no level, no payload.
      if (!chunk.zero) frame.level = chunk.compressionLevel;
      await send(frame, { wire: Buffer.from(chunk.sealed.buffer, chunk.sealed.byteOffset, chunk.sealed.byteLength) });
    }
    if (shipping === undefined && position !== dataChunks.length) throw new IntegrityError(`source stream ended after ${position} of ${dataChunks.length} chunks; the session is retried`);
    for (const index of toSend) {
      if (isData[index] === 1) continue;
      const frame = sender.seal({ index, ...chunkRange(index, virtualSize, job.chunkSize) });
      shipperMetrics.chunkReady(lap('source'));
      sourceHashes[index] = frame.plaintextSha256;
      await send({ index, length: frame.length, ciphertextLength: frame.ciphertext.length, sourceBytes: 0, zero: true }, { chunk: frame });
    }
    timeline.mark('last frame out');
    await hashing;
    const digest = diskDigest(virtualSize, job.chunkSize, sourceHashes as Buffer[]);
    // The stripes end first; the receiver takes the final frame only after every frame before it.
    closing = true;
    const stripesClosed = (stripes as SessionStripes | undefined)?.end();
    await link.send({ final: sender.sealFinal(digest) }, false);
    link.end();
    const completed = await link.completed();
    timeline.mark('digest confirmed');
    const perStripe = stripesClosed === undefined ? shipping?.framesPerStripe : await stripesClosed;
    if (!Buffer.from(completed.diskDigest).equals(digest)) throw new IntegrityError(`receiver reports digest ${Buffer.from(completed.diskDigest).toString('hex')}, source digest is ${digest.toString('hex')}`);
    deps.log?.(`session of ${job.diskId}: ${toSend.length} frames${dataSpans.length > 0 ? ` (${dataSpans.length} of them changed spans)` : ''}, ${planned}, total ${timeline.elapsed().toFixed(2)} s; waited ${clock.source.toFixed(2)} s for sealed chunks from the source, ${clock.cap > 0 ? `${clock.cap.toFixed(2)} s for the wire-rate cap, ` : ''}${clock.send.toFixed(2)} s for credits/network; ${link.window.describe()}; ${describeStripes(toSend.length, perStripe)}; compression ${formatCompressionSetting(compression.setting)}: ${compression.tally.describe()}; at ${timeline.describe()}`);
    return { diskDigest: digest, framesSent: toSend.length, duplicateFrames: Number(completed.duplicateFrames), chunksTotal: total, virtualSize, chunkHashes: sourceHashes as Buffer[] };
  } catch (error) {
    stop();
    // The receiver has no room: what this session still had to land tells how much more is needed.
    if (error instanceof ReceiverOutOfSpace) error.remainingBytes = Math.max(0, framesPlanned - link.acked) * job.chunkSize;
    throw error;
  } finally {
    deps.signal?.removeEventListener('abort', stop);
  }
}

/**
 * The frame a sealed read carries, checked against what was asked: the source seals under counters
 * this session reserved, so a chunk out of order or under another counter fails the session here
 * rather than at the receiver.
 */
function sealedFrame(chunk: ferry.dataplane.v1.SourceChunk, expectedIndex: number | undefined, expectedCounter: number): SentFrame {
  const frame = chunk.sealed.length > 0 ? pb.SenderMessage.decode(chunk.sealed).chunk : undefined;
  if (frame === undefined || frame === null) throw new IntegrityError(`source sent chunk ${chunk.index} without a sealed frame; prem-esxi-manager must support sealed reads (upgrade it)`);
  if (expectedIndex === undefined || chunk.index !== expectedIndex || frame.index !== expectedIndex) throw new IntegrityError(`source returned chunk ${frame.index} where ${expectedIndex ?? 'none'} was expected`);
  if (toNumber(frame.counter) !== expectedCounter) throw new IntegrityError(`source sealed chunk ${frame.index} under counter ${toNumber(frame.counter)}, ${expectedCounter} was reserved for it`);
  const length = frame.length ?? 0;
  return { index: expectedIndex, length, ciphertextLength: frame.ciphertext?.length ?? 0, sourceBytes: length, zero: frame.encoding === pb.ChunkEncoding.CHUNK_ENCODING_ZERO };
}

/** Where a session's frames went, for its log line: over the stripes, and on Transfer before they joined. */
function describeStripes(frames: number, perStripe: number[] | undefined): string {
  if (perStripe === undefined) return 'frames on the Transfer stream';
  const early = frames - perStripe.reduce((sum, n) => sum + n, 0);
  return `frames over ${perStripe.length} stripes: ${perStripe.join('/')}${early > 0 ? ` (${early} on the Transfer stream before they joined)` : ''}`;
}

/** Stops a session whose transfer was cancelled before its stream could be cut by the abort listener. */
function throwIfCancelled(deps: SessionDeps): void {
  if (deps.signal?.aborted === true) throw new IllegalStateError(`transfer of disk ${deps.job.diskId} in migration ${deps.job.migrationId} was cancelled; StartTransfer starts it again`);
}
