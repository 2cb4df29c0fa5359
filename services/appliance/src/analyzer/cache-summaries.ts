/**
 * The latest IO summary of every cloud-cache volume, as pushed to the analyzer port. A batch is
 * applied whole or not at all, so a rejected push leaves every previous summary in place.
 */
import { ferry } from '@ferry/proto';

import cache = ferry.cache.v1;

/** One volume's latest summary and where and when it arrived. */
export interface ReceivedSummary {
  readonly summary: cache.VolumeIoSummary;
  /** Unix ms. */
  readonly receivedAt: number;
  readonly reportedBy: string;
}

export class CacheSummaries {
  private readonly latest = new Map<string, ReceivedSummary>();
  /** Pushes taken and refused since start (exposed as a metric). */
  accepted = 0;
  rejected = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Keeps every volume of a checked batch as that volume's latest summary. */
  apply(batch: cache.IoSummaryBatch, reportedBy: string): void {
    const receivedAt = this.clock();
    for (const volume of batch.volumes as cache.VolumeIoSummary[]) this.latest.set(volume.volumeId, { summary: volume, receivedAt, reportedBy });
    this.accepted++;
  }

  /** Every volume's latest summary, by volume id; `filter` keeps ids containing it. */
  list(filter = ''): ReceivedSummary[] {
    return [...this.latest.values()].filter((r) => r.summary.volumeId.includes(filter)).sort((a, b) => a.summary.volumeId.localeCompare(b.summary.volumeId));
  }
}
