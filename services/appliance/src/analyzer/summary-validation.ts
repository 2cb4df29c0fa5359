/**
 * Decodes and checks one pushed ferry.cache.v1.IoSummaryBatch. A bad body is a ValidationError whose
 * field names the offending part (e.g. "volumes[0].hit_ratio"), so the sender's log says what to fix.
 */
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';

import cache = ferry.cache.v1;

/** int64/uint64 fields decode to a number or a Long; both become a number here. */
export function num(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function check(condition: boolean, field: string, message: string): void {
  if (!condition) throw new ValidationError(field, message);
}

function checkVolume(v: cache.VolumeIoSummary, at: string): void {
  check(v.volumeId.length > 0 && v.volumeId.length <= 512, `${at}.volume_id`, `"${v.volumeId}" must be 1 to 512 characters ("<target IQN>/<lun>")`);
  check(v.targetIqn.length > 0, `${at}.target_iqn`, `is empty for volume ${v.volumeId}; set the iSCSI name of the target`);
  const start = num(v.windowStart?.unixMillis);
  const end = num(v.windowEnd?.unixMillis);
  check(start > 0, `${at}.window_start`, `is missing for volume ${v.volumeId}; set when counting began (Unix ms)`);
  check(end >= start, `${at}.window_end`, `${end} is before window_start ${start} for volume ${v.volumeId}`);
  check(Number.isFinite(v.hitRatio) && v.hitRatio >= 0 && v.hitRatio <= 1, `${at}.hit_ratio`, `${v.hitRatio} is not a ratio from 0 to 1 for volume ${v.volumeId}`);
  const reads = num(v.readOps);
  check(num(v.readHits) + num(v.readMisses) <= reads, `${at}.read_hits`, `read_hits ${num(v.readHits)} + read_misses ${num(v.readMisses)} exceed read_ops ${reads} for volume ${v.volumeId}`);
  const total = num(v.chunksTotal);
  check(num(v.chunksPresent) <= total, `${at}.chunks_present`, `${num(v.chunksPresent)} exceeds chunks_total ${total} for volume ${v.volumeId}`);
  const latency = v.fetchLatency ?? {};
  for (const [name, value] of Object.entries({ p50_ms: latency.p50Ms, p95_ms: latency.p95Ms, p99_ms: latency.p99Ms, max_ms: latency.maxMs })) {
    const ms = value ?? 0;
    check(Number.isFinite(ms) && ms >= 0, `${at}.fetch_latency.${name}`, `${ms} is not a latency in ms (finite, not negative) for volume ${v.volumeId}`);
  }
}

/** The batch in `body`, checked; throws ValidationError naming the field that is wrong. */
export function decodeSummaryBatch(body: Uint8Array): cache.IoSummaryBatch {
  let batch: cache.IoSummaryBatch;
  try {
    batch = cache.IoSummaryBatch.decode(body);
  } catch (error) {
    throw new ValidationError('body', `is not a ferry.cache.v1.IoSummaryBatch (${(error as Error).message}); send the encoded message with content type application/x-protobuf`);
  }
  check(batch.sentAt !== null && batch.sentAt !== undefined && num(batch.sentAt.unixMillis) > 0, 'sent_at', 'is missing; set when the batch was taken (Unix ms)');
  const seen = new Set<string>();
  batch.volumes.forEach((v, i) => {
    const volume = v as cache.VolumeIoSummary;
    checkVolume(volume, `volumes[${i}]`);
    check(!seen.has(volume.volumeId), `volumes[${i}].volume_id`, `"${volume.volumeId}" appears twice in one batch; send one summary per volume`);
    seen.add(volume.volumeId);
  });
  return batch;
}
