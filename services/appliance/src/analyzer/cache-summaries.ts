/**
 * The latest IO summary of every cloud-cache volume, as pushed to the analyzer port, within limits:
 * at most ANALYZER_MAX_VOLUMES volumes, ANALYZER_MAX_VOLUMES_PER_SENDER of them from one sender
 * address, none older than ANALYZER_SUMMARY_TTL_MS. A batch is applied whole or not at all, so a
 * refused push leaves every previous summary in place.
 */
import { ferry } from '@ferry/proto';
import { DEFAULT_ANALYZER_LIMITS, limitVariable, refusal, type AnalyzerLimits, type Refusal } from './intake-limits';

import cache = ferry.cache.v1;

/** One volume's latest summary and where and when it arrived. */
export interface ReceivedSummary {
  readonly summary: cache.VolumeIoSummary;
  /** Unix ms. */
  readonly receivedAt: number;
  /** The sender's address. */
  readonly reportedBy: string;
}

/** One page of summaries in volume id order. */
export interface SummaryPage {
  readonly summaries: ReceivedSummary[];
  /** The id to list after for the next page; undefined on the last page. */
  readonly nextAfter: string | undefined;
  /** Volumes matching the filter on all pages. */
  readonly total: number;
}

/** The smallest index whose id sorts after `id` in `ids` (sorted by UTF-16 code units). */
function firstAfter(ids: readonly string[], id: string): number {
  let [low, high] = [0, ids.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] as string) <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class CacheSummaries {
  /** In arrival order, oldest first: a newer summary moves its volume to the end, so expiry reads from the front. */
  private readonly latest = new Map<string, ReceivedSummary>();
  /** Volumes held per sender address (no entry at zero). */
  private readonly perSender = new Map<string, number>();
  /** The held ids sorted, until the set of ids changes. */
  private sortedIds: string[] | undefined;
  private readonly refusals = new Map<string, number>();
  /** Every limit of the intake: the store enforces the volume counts and the TTL, the intake and /metrics read the rest here. */
  readonly limits: AnalyzerLimits;
  /** Pushes taken and refused since start, and volumes dropped for age (exposed as metrics). */
  accepted = 0;
  rejected = 0;
  expired = 0;

  constructor(limits: Partial<AnalyzerLimits> = {}, private readonly clock: () => number = Date.now) {
    this.limits = { ...DEFAULT_ANALYZER_LIMITS, ...limits };
  }

  /** Volumes held now. */
  get size(): number {
    this.expire();
    return this.latest.size;
  }

  /** Sender addresses that have volumes held now. */
  get senders(): number {
    this.expire();
    return this.perSender.size;
  }

  /** Refused pushes by the limit they passed (its ANALYZER_* variable), or "invalid", "content-type". */
  refusalCounts(): ReadonlyMap<string, number> {
    return this.refusals;
  }

  /** Counts a refused push: by a Refusal's limit, or by another reason ("invalid", "content-type"). */
  refused(reason: Refusal | string): void {
    const key = typeof reason === 'string' ? reason : limitVariable(reason.limit);
    this.rejected++;
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }

  /** A batch of `volumes` volumes (`counting`: so far, the rest still to come) can never be taken from one sender: 413. */
  checkBatchSize(volumes: number, counting = false): Refusal | undefined {
    const max = this.limits.maxVolumesPerSender;
    if (volumes <= max) return undefined;
    const carries = counting ? `more than ${max} volumes (${volumes} counted before the rest was dropped)` : `${volumes} volumes, more than one sender may have held`;
    return refusal(this.limits, 413, 'maxVolumesPerSender', `the batch carries ${carries}; push fewer volumes per batch`);
  }

  /** Keeps every volume of a checked batch as that volume's latest summary, or refuses the whole batch. */
  apply(batch: cache.IoSummaryBatch, reportedBy: string): Refusal | undefined {
    const now = this.clock();
    this.expire(now);
    const volumes = batch.volumes as cache.VolumeIoSummary[];
    const refused = this.checkBatchSize(volumes.length) ?? this.checkRoom(volumes, reportedBy, now);
    if (refused) {
      this.refused(refused);
      return refused;
    }
    for (const summary of volumes) {
      const id = summary.volumeId;
      const held = this.latest.get(id);
      if (held) {
        this.latest.delete(id);
        this.count(held.reportedBy, -1);
      } else this.sortedIds = undefined;
      this.latest.set(id, { summary, receivedAt: now, reportedBy });
      this.count(reportedBy, 1);
    }
    this.accepted++;
    return undefined;
  }

  /** A page of at most `size` summaries whose id contains `filter`, the first after `after`, in id order. */
  page(filter: string, after: string | undefined, size: number): SummaryPage {
    this.expire();
    this.sortedIds ??= [...this.latest.keys()].sort();
    const ids = this.sortedIds;
    const start = after === undefined ? 0 : firstAfter(ids, after);
    const summaries: ReceivedSummary[] = [];
    let total = 0;
    let more = false;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      if (filter && !id.includes(filter)) continue;
      total++;
      if (i < start) continue;
      if (summaries.length < size) summaries.push(this.latest.get(id) as ReceivedSummary);
      else more = true;
    }
    return { summaries, nextAfter: more ? summaries[summaries.length - 1]?.summary.volumeId : undefined, total };
  }

  /** Every summary held, oldest arrival first. */
  values(): IterableIterator<ReceivedSummary> {
    this.expire();
    return this.latest.values();
  }

  /** Room for the batch's new volumes, per sender and in all; a refusal says when room comes back by expiry. */
  private checkRoom(volumes: readonly cache.VolumeIoSummary[], sender: string, now: number): Refusal | undefined {
    let added = 0;
    let addedForSender = 0;
    for (const { volumeId } of volumes) {
      const held = this.latest.get(volumeId);
      if (!held) added++;
      if (held?.reportedBy !== sender) addedForSender++;
    }
    const mine = (this.perSender.get(sender) ?? 0) + addedForSender;
    const { maxVolumesPerSender, maxVolumes, summaryTtlMs } = this.limits;
    if (mine > maxVolumesPerSender) {
      let oldest = now;
      for (const r of this.latest.values()) {
        if (r.reportedBy !== sender) continue;
        oldest = r.receivedAt;
        break;
      }
      return refusal(
        this.limits, 429, 'maxVolumesPerSender',
        `${sender} would have ${mine} volumes held (${mine - addedForSender} now, ${addedForSender} new in this batch); push fewer volumes, or wait until older ones expire`,
        oldest + summaryTtlMs - now,
      );
    }
    if (this.latest.size + added > maxVolumes) {
      const oldest = this.latest.values().next().value?.receivedAt ?? now;
      return refusal(
        this.limits, 429, 'maxVolumes',
        `the appliance would hold ${this.latest.size + added} volumes (${this.latest.size} now, ${added} new in this batch); wait until older ones expire`,
        oldest + summaryTtlMs - now,
      );
    }
    return undefined;
  }

  private count(sender: string, delta: number): void {
    const next = (this.perSender.get(sender) ?? 0) + delta;
    if (next > 0) this.perSender.set(sender, next);
    else this.perSender.delete(sender);
  }

  /** Drops the volumes whose latest summary is older than the TTL (from the front: oldest first). */
  private expire(now = this.clock()): void {
    for (const [id, received] of this.latest) {
      if (now - received.receivedAt < this.limits.summaryTtlMs) break;
      this.latest.delete(id);
      this.count(received.reportedBy, -1);
      this.sortedIds = undefined;
      this.expired++;
    }
  }
}
