/**
 * Per-volume IO counters of the IO analyzer: read/write counts and bytes, cache hit ratio and the
 * latency of on-demand fetches. Latencies keep a bounded window of recent samples for percentiles.
 */

/** One volume's summary, as pushed to the appliance and exposed as metrics. */
export interface IoSummary {
  volume: string;
  reads: number;
  writes: number;
  readBytes: number;
  writeBytes: number;
  /** Read commands served without fetching anything. */
  readHits: number;
  readMisses: number;
  hitRatio: number;
  onDemandFetches: number;
  onDemandFetchBytes: number;
  hydratedChunks: number;
  presentChunks: number;
  totalChunks: number;
  fetchLatencyMs: { p50: number; p90: number; p95: number; p99: number; max: number };
  /** Counters cover [windowStart, windowEnd] (Unix ms): since the stats were created (the volume opened). */
  windowStart: number;
  windowEnd: number;
  chunkSize: number;
  /** Chunks written since the volume was created (the persisted written-chunk map). */
  writtenChunks: number;
  /** Bytes fetched on demand since the volume was created (the persisted on-demand map). */
  fetchedOnDemandBytes: number;
  /** The boot profile this volume records or prefetched ("" when its creation named none). */
  bootProfileKey: string;
  /** True when a stored profile was prefetched; false with a key: this boot is being recorded as the profile. */
  bootProfileUsed: boolean;
  /** Chunks (and their bytes) fetched ahead of reads from the boot profile. */
  prefetchedChunks: number;
  prefetchedBytes: number;
}

/** What a summary needs from its volume besides the counters. */
export interface VolumeShape {
  presentChunks: number;
  totalChunks: number;
  chunkSize: number;
  writtenChunks: number;
  fetchedOnDemandBytes: number;
}

const WINDOW = 4096;

export class IoStats {
  reads = 0;
  writes = 0;
  readBytes = 0;
  writeBytes = 0;
  readHits = 0;
  readMisses = 0;
  onDemandFetches = 0;
  onDemandFetchBytes = 0;
  hydratedChunks = 0;
  prefetchedChunks = 0;
  prefetchedBytes = 0;
  /** The boot profile the volume was created with, and whether a stored one was used (see IoSummary). */
  bootProfile: { key: string; used: boolean } | undefined;
  /** When counting began (Unix ms). */
  readonly since = Date.now();
  private readonly latencies: number[] = [];
  private next = 0;

  recordRead(bytes: number, hit: boolean): void {
    this.reads++;
    this.readBytes += bytes;
    if (hit) this.readHits++;
    else this.readMisses++;
  }

  recordWrite(bytes: number): void {
    this.writes++;
    this.writeBytes += bytes;
  }

  /** An on-demand fetch of `bytes` that took `ms`. */
  recordFetch(ms: number, bytes: number): void {
    this.onDemandFetches++;
    this.onDemandFetchBytes += bytes;
    if (this.latencies.length < WINDOW) this.latencies.push(ms);
    else this.latencies[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
  }

  /** A chunk of `bytes` fetched ahead of reads (boot profile). */
  recordPrefetch(bytes: number): void {
    this.prefetchedChunks++;
    this.prefetchedBytes += bytes;
  }

  summary(volume: string, shape: VolumeShape, now = Date.now()): IoSummary {
    const { presentChunks, totalChunks } = shape;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number): number => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number) : 0);
    const lookups = this.readHits + this.readMisses;
    return {
      volume,
      reads: this.reads,
      writes: this.writes,
      readBytes: this.readBytes,
      writeBytes: this.writeBytes,
      readHits: this.readHits,
      readMisses: this.readMisses,
      hitRatio: lookups ? this.readHits / lookups : 1,
      onDemandFetches: this.onDemandFetches,
      onDemandFetchBytes: this.onDemandFetchBytes,
      hydratedChunks: this.hydratedChunks,
      presentChunks,
      totalChunks,
      fetchLatencyMs: { p50: pct(50), p90: pct(90), p95: pct(95), p99: pct(99), max: sorted.length ? (sorted[sorted.length - 1] as number) : 0 },
      windowStart: this.since,
      windowEnd: now,
      chunkSize: shape.chunkSize,
      writtenChunks: shape.writtenChunks,
      fetchedOnDemandBytes: shape.fetchedOnDemandBytes,
      bootProfileKey: this.bootProfile?.key ?? '',
      bootProfileUsed: this.bootProfile?.used ?? false,
      prefetchedChunks: this.prefetchedChunks,
      prefetchedBytes: this.prefetchedBytes,
    };
  }
}
