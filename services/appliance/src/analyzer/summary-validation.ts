/**
 * Decodes and checks one pushed ferry.cache.v1.IoSummaryBatch. A bad body is a ValidationError whose
 * field names the offending part (e.g. "volumes[0].hit_ratio"), so the sender's log says what to fix.
 */
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { DEFAULT_ANALYZER_LIMITS, type AnalyzerLimits } from './intake-limits';
import { quote, volumeIdProblem } from './volume-id';

import cache = ferry.cache.v1;

/** int64/uint64 fields decode to a number or a Long; both become a number here. */
export function num(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Throws when `condition` fails; the message is only built then (a batch has a thousand volumes to pass). */
function check(condition: boolean, field: string, message: () => string): void {
  if (!condition) throw new ValidationError(field, message());
}

function checkVolume(v: cache.VolumeIoSummary, at: string, limits: Pick<AnalyzerLimits, 'maxVolumeIdBytes'>): void {
  const idProblem = volumeIdProblem(v.volumeId, limits);
  if (idProblem) throw new ValidationError(`${at}.volume_id`, `${quote(v.volumeId)} ${idProblem}`);
  const slash = v.volumeId.lastIndexOf('/');
  const [target, lun] = [v.volumeId.slice(0, slash), Number(v.volumeId.slice(slash + 1))];
  check(v.targetIqn === target, `${at}.target_iqn`, () => `${quote(v.targetIqn)} is not the target of volume_id ${quote(v.volumeId)}; send ${quote(target)}`);
  check(v.lun === lun, `${at}.lun`, () => `${v.lun} is not the LUN of volume_id ${quote(v.volumeId)}; send ${lun}`);
  const start = num(v.windowStart?.unixMillis);
  const end = num(v.windowEnd?.unixMillis);
  check(start > 0, `${at}.window_start`, () => `is missing for volume ${v.volumeId}; set when counting began (Unix ms)`);
  check(end >= start, `${at}.window_end`, () => `${end} is before window_start ${start} for volume ${v.volumeId}`);
  check(Number.isFinite(v.hitRatio) && v.hitRatio >= 0 && v.hitRatio <= 1, `${at}.hit_ratio`, () => `${v.hitRatio} is not a ratio from 0 to 1 for volume ${v.volumeId}`);
  const reads = num(v.readOps);
  check(num(v.readHits) + num(v.readMisses) <= reads, `${at}.read_hits`, () => `read_hits ${num(v.readHits)} + read_misses ${num(v.readMisses)} exceed read_ops ${reads} for volume ${v.volumeId}`);
  const total = num(v.chunksTotal);
  check(num(v.chunksPresent) <= total, `${at}.chunks_present`, () => `${num(v.chunksPresent)} exceeds chunks_total ${total} for volume ${v.volumeId}`);
  const latency = v.fetchLatency ?? {};
  for (const [name, value] of Object.entries({ p50_ms: latency.p50Ms, p95_ms: latency.p95Ms, p99_ms: latency.p99Ms, max_ms: latency.maxMs })) {
    const ms = value ?? 0;
    check(Number.isFinite(ms) && ms >= 0, `${at}.fetch_latency.${name}`, () => `${ms} is not a latency in ms (finite, not negative) for volume ${v.volumeId}`);
  }
}

const NOT_A_BATCH = 'send the encoded message with content type application/x-protobuf';
/** The error of a body that cannot be the message, saying why. */
const notABatch = (why: string): ValidationError => new ValidationError('body', `is not a ferry.cache.v1.IoSummaryBatch (${why}); ${NOT_A_BATCH}`);

/**
 * Counts the volumes of an IoSummaryBatch as its bytes arrive, reading only the top-level field headers
 * (a volume is a length-delimited field 2), so a batch over a limit is refused before it is buffered
 * whole or decoded. Throws ValidationError for what cannot be the message.
 */
export class VolumeCounter {
  volumes = 0;
  private bytes = 0;
  /** Bytes of the current field's value still to come. */
  private skip = 0;
  private stage: 'tag' | 'length' | 'varint' = 'tag';
  private field = 0;
  private value = 0;
  private shift = 0;

  /** Reads the next bytes of the body. */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.skip > 0) {
        const step = Math.min(this.skip, chunk.length - at);
        [this.skip, at, this.bytes] = [this.skip - step, at + step, this.bytes + step];
        continue;
      }
      const byte = chunk[at++] as number;
      this.bytes++;
      if (this.shift >= 64) throw notABatch(`it has a varint longer than 10 bytes at byte ${this.bytes}`);
      // Above 2^53 a value is only compared with the body length, which it exceeds either way.
      this.value += (byte & 0x7f) * 2 ** this.shift;
      this.shift += 7;
      if (byte >= 0x80) continue;
      const value = this.value;
      [this.value, this.shift] = [0, 0];
      this.header(value);
    }
  }

  /** The count, once the body has ended; throws when it ended inside a field. */
  finish(): number {
    if (this.skip > 0 || this.shift > 0 || this.stage !== 'tag') throw notABatch(`it ends inside field ${this.field} after ${this.bytes} bytes`);
    return this.volumes;
  }

  private header(value: number): void {
    if (this.stage === 'varint') {
      this.stage = 'tag';
      return;
    }
    if (this.stage === 'length') {
      [this.skip, this.stage] = [value, 'tag'];
      if (this.field === 2) this.volumes++;
      return;
    }
    const [field, wireType] = [Math.floor(value / 8), value % 8];
    this.field = field;
    if (field === 0) throw notABatch(`it has field number 0 at byte ${this.bytes}`);
    if (wireType === 0) this.stage = 'varint';
    else if (wireType === 2) this.stage = 'length';
    else if (wireType === 1 || wireType === 5) this.skip = wireType === 1 ? 8 : 4;
    else throw notABatch(`it has wire type ${wireType} at byte ${this.bytes}, which IoSummaryBatch never uses`);
  }
}

/** How many volumes `body` carries, read from the top-level fields without decoding them. */
export function countVolumes(body: Uint8Array): number {
  const counter = new VolumeCounter();
  counter.push(body);
  return counter.finish();
}

/** The batch in `body`, decoded, with its sent_at checked; its volumes are checked by checkVolumes. */
export function decodeBatch(body: Uint8Array): cache.IoSummaryBatch {
  let batch: cache.IoSummaryBatch;
  try {
    batch = cache.IoSummaryBatch.decode(body);
  } catch (error) {
    throw notABatch((error as Error).message);
  }
  check(batch.sentAt !== null && batch.sentAt !== undefined && num(batch.sentAt.unixMillis) > 0, 'sent_at', () => 'is missing; set when the batch was taken (Unix ms)');
  return batch;
}

/**
 * Checks volumes [from, to) of a decoded batch (a slice at a time, so a large batch can be checked over
 * several event-loop turns); `seen` carries the ids of the slices before. Throws ValidationError naming the field.
 */
export function checkVolumes(
  batch: cache.IoSummaryBatch, from: number, to: number, limits: Pick<AnalyzerLimits, 'maxVolumeIdBytes'>, seen: Set<string>,
): void {
  const end = Math.min(to, batch.volumes.length);
  for (let i = from; i < end; i++) {
    const volume = batch.volumes[i] as cache.VolumeIoSummary;
    checkVolume(volume, `volumes[${i}]`, limits);
    check(!seen.has(volume.volumeId), `volumes[${i}].volume_id`, () => `"${volume.volumeId}" appears twice in one batch; send one summary per volume`);
    seen.add(volume.volumeId);
  }
}

/** The batch in `body`, checked; throws ValidationError naming the field that is wrong. */
export function decodeSummaryBatch(
  body: Uint8Array, limits: Pick<AnalyzerLimits, 'maxVolumeIdBytes'> = DEFAULT_ANALYZER_LIMITS,
): cache.IoSummaryBatch {
  const batch = decodeBatch(body);
  checkVolumes(batch, 0, batch.volumes.length, limits, new Set());
  return batch;
}
