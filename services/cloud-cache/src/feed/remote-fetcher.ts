import type { DemandVerifier, LanePool } from '@ferry/demand-lane';
import { IntegrityError, UnavailableError } from '@ferry/errors';
import type { ChunkFetcher } from '../cache/chunk-fetcher';
import type { RemoteFetcherFactory, RemoteSource } from '../cache/remote-source';

/** Options of {@link remoteFetcherFactory}. */
export interface RemoteFetchOptions {
  /** Lanes cloud-manager dialled in to this cache. */
  lanes: LanePool;
  verifier: DemandVerifier;
  /** Tries per chunk before the guest's read fails with a SCSI error. Default 3. */
  attempts?: number;
  /** How long one try waits for its chunk. Default 20 s. */
  timeoutMs?: number;
  /** Chunks read ahead after a sequential run of misses. Default 4; 0 = off. */
  readAhead?: number;
  log?: (line: string) => void;
}

/** Verified chunk with the source's hash. */
interface Fetched {
  data: Buffer;
  sha256: Buffer;
}

/** Counts for /metrics and the tests. */
export const remoteFetchMetrics = { requests: 0, chunks: 0, rejectedFrames: 0, retries: 0, failures: 0, readAheadChunks: 0, readAheadHits: 0 };

/**
 * Fetches a remote-sourced volume's misses over the demand lanes: each chunk is asked for, and what
 * comes back is accepted only if the DemandVerifier accepts it (tag, hash, session, not replayed). A
 * rejected frame or a lost answer is retried; after the last try the read fails (a SCSI MEDIUM ERROR
 * to the guest), never with wrong data. A run of sequential misses asks for the next chunks as
 * read-ahead, which every hop serves after the reads a guest waits for.
 */
export function remoteFetcherFactory(options: RemoteFetchOptions): RemoteFetcherFactory {
  return (source) => new RemoteFetcher(source, options);
}

class RemoteFetcher implements ChunkFetcher {
  private readonly ahead = new Map<number, Promise<Fetched | undefined>>();
  private lastMiss = -2;
  private run = 0;

  constructor(
    private readonly source: RemoteSource,
    private readonly options: RemoteFetchOptions,
  ) {}

  get size(): number {
    return this.source.virtualSize;
  }

  async fetch(index: number): Promise<Buffer> {
    return (await this.fetchVerified(index)).data;
  }

  async fetchVerified(index: number): Promise<Fetched> {
    const early = this.ahead.get(index);
    if (early !== undefined) {
      this.ahead.delete(index);
      const got = await early;
      if (got !== undefined) {
        remoteFetchMetrics.readAheadHits++;
        return got;
      }
    }
    this.noteMiss(index);
    const attempts = this.options.attempts ?? 3;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const got = await this.ask([index], false);
        const chunk = got.get(index);
        if (chunk !== undefined) return chunk;
        last = new IntegrityError(`no verified frame for chunk ${index} came back`);
      } catch (error) {
        last = error;
      }
      if (attempt < attempts) remoteFetchMetrics.retries++;
    }
    remoteFetchMetrics.failures++;
    const why = last instanceof Error ? last.message : String(last);
    throw new UnavailableError(`chunk ${index} of ${this.source.migrationId}/${this.source.diskId} could not be fetched from prem after ${attempts} tries: ${why}`);
  }

  /** Asks for `indexes` in one background request (a boot profile's prefetch): every hop serves demand reads first. */
  fetchAhead(indexes: readonly number[]): Map<number, Promise<Fetched | undefined>> {
    const batch = this.ask([...indexes], true).catch(() => new Map<number, Fetched>());
    return new Map(indexes.map((i) => [i, batch.then((got) => got.get(i))]));
  }

  /** One request over the least busy lane; frames the verifier refuses are counted and dropped. */
  private async ask(indexes: number[], readAhead: boolean): Promise<Map<number, Fetched>> {
    const { migrationId, diskId, virtualSize, chunkSize } = this.source;
    const wanted = new Set(indexes);
    const got = new Map<number, Fetched>();
    const lane = await this.options.lanes.pick();
    remoteFetchMetrics.requests++;
    let rejected: unknown;
    await lane.ask({ migrationId, diskId, chunkSize, indexes, readAhead }, (chunk) => {
      try {
        const verified = this.options.verifier.open(chunk, { migrationId, diskId, virtualSize, chunkSize, wanted });
        wanted.delete(verified.index);
        got.set(verified.index, { data: verified.plaintext, sha256: verified.sha256 });
        remoteFetchMetrics.chunks++;
      } catch (error) {
        remoteFetchMetrics.rejectedFrames++;
        rejected = error;
        this.options.log?.(`demand frame rejected: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, this.options.timeoutMs ?? 20_000);
    if (rejected !== undefined && got.size === 0) throw rejected;
    return got;
  }

  /** After the third sequential miss in a row, asks for the next chunks in the background. */
  private noteMiss(index: number): void {
    this.run = index === this.lastMiss + 1 ? this.run + 1 : 1;
    this.lastMiss = index;
    const depth = this.options.readAhead ?? 4;
    const total = Math.ceil(this.source.virtualSize / this.source.chunkSize);
    if (depth === 0 || this.run < 3) return;
    const next: number[] = [];
    for (let i = index + 1; i <= index + depth && i < total; i++) if (!this.ahead.has(i)) next.push(i);
    if (next.length === 0) return;
    // Bounded: at most 4 × depth chunks held for reads that may never come.
    while (this.ahead.size + next.length > depth * 4) this.ahead.delete(this.ahead.keys().next().value as number);
    const batch = this.ask(next, true).catch(() => new Map<number, Fetched>());
    for (const i of next) {
      remoteFetchMetrics.readAheadChunks++;
      this.ahead.set(i, batch.then((m) => m.get(i)));
    }
  }

  async close(): Promise<void> {
    this.ahead.clear();
  }
}
