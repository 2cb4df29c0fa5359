/**
 * A read-through block cache volume: a sparse local chunk store with a presence bitmap in front of
 * a `ChunkFetcher`. An absent chunk is fetched once however many reads want it; writes stay local
 * and are tracked for migrate-back. Durability: `flush()` fsyncs the data, then atomically writes
 * the bitmaps, so after a crash every flushed write is there and no chunk is marked present before
 * its data is on disk.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';
import { IoStats } from '../analyzer/io-stats';
import type { ChunkFetcher, FetchedChunk } from './chunk-fetcher';
import { ChunkStore } from './chunk-store';
import { GroupCommit } from './group-commit';
import { KeyedMutex } from './keyed-mutex';
import { planRead } from './read-plan';
import { copyPadded, isZero } from './chunk-bytes';
import { SourceHashes } from './source-hashes';
import { emptyMeta, loadMeta, metaPathIn, saveMeta, type VolumeMeta } from './volume-meta';

/** Options of {@link CacheVolume.open}. */
export interface CacheVolumeOptions {
  /** Volume name (for metrics and errors). */
  name: string;
  /** Directory holding `data` and `meta`; created if missing. */
  dir: string;
  fetcher: ChunkFetcher;
  /** Chunk size in bytes, a multiple of 4096. Default 1 MiB. */
  chunkSize?: number;
}

export class CacheVolume {
  readonly stats = new IoStats();
  private readonly mutex = new KeyedMutex();
  private readonly inflight = new Map<number, Promise<Buffer>>();
  private demandInFlight = 0;
  private aheadInFlight = 0;
  private touchWatchers: Array<(first: number, last: number) => void> = [];
  private lastDemandAt = 0;
  private changes = 0;
  private savedChanges = 0;
  private readonly commits = new GroupCommit(() => this.flushOnce());

  private constructor(
    readonly name: string,
    private readonly dir: string,
    private readonly fetcher: ChunkFetcher,
    private readonly store: ChunkStore,
    private readonly meta: VolumeMeta,
    private readonly hashes: SourceHashes,
  ) {}

  static async open(options: CacheVolumeOptions): Promise<CacheVolume> {
    const chunkSize = options.chunkSize ?? 1 << 20;
    if (chunkSize <= 0 || chunkSize % 4096 !== 0) throw new ValidationError('chunkSize', `${chunkSize} is not a positive multiple of 4096; use e.g. 1048576`);
    const size = options.fetcher.size;
    await mkdir(options.dir, { recursive: true });
    let meta = await loadMeta(metaPathIn(options.dir));
    if (meta && (meta.size !== size || meta.chunkSize !== chunkSize)) {
      throw new ValidationError(
        'volume',
        `${options.name}: the cache in ${options.dir} was made for size ${meta.size} and chunk size ${meta.chunkSize}, but the source has size ${size} and chunk size ${chunkSize}; remove the directory to start over`,
      );
    }
    meta ??= emptyMeta(size, chunkSize);
    const store = await ChunkStore.open(join(options.dir, 'data'), size);
    const hashes = await SourceHashes.open(join(options.dir, 'source-hashes'), meta.present.size);
    const volume = new CacheVolume(options.name, options.dir, options.fetcher, store, meta, hashes);
    await saveMeta(metaPathIn(options.dir), meta);
    return volume;
  }

  get size(): number {
    return this.meta.size;
  }
  /** The folder holding the volume's data, hashes and bitmaps (under cloud-cache's CACHE_DIR). */
  get directory(): string {
    return this.dir;
  }
  get chunkSize(): number {
    return this.meta.chunkSize;
  }
  get chunkCount(): number {
    return this.meta.present.size;
  }
  presentChunks(): number {
    return this.meta.present.count();
  }
  /** Chunks written (or unmapped) through the target since the volume was created. */
  writtenChunks(): number[] {
    return this.meta.written.setIndices();
  }
  /** How many chunks were written (or unmapped) since the volume was created. */
  writtenCount(): number {
    return this.meta.written.count();
  }
  /** Bytes of the chunks fetched from prem on demand since the volume was created (persisted: survives restarts). */
  fetchedOnDemandBytes(): number {
    return this.meta.fetched.setIndices().reduce((sum, i) => sum + this.chunkLength(i), 0);
  }
  /** Whether chunk `i` is known to read as zeros (unmapped). */
  isDeallocated(i: number): boolean {
    return this.meta.present.get(i) && this.meta.zero.get(i);
  }
  isPresent(i: number): boolean {
    return this.meta.present.get(i);
  }
  /** The first absent chunk at or after `from`, or -1 when the volume is fully hydrated. */
  nextAbsent(from = 0): number {
    return this.meta.present.nextClear(from);
  }
  /** Whether an on-demand fetch runs now or ran within `withinMs` (background work yields to it). */
  demandActive(now: number, withinMs: number): boolean {
    return this.demandInFlight > 0 || now - this.lastDemandAt < withinMs;
  }

  private chunkLength(i: number): number {
    return Math.min(this.chunkSize, this.size - i * this.chunkSize);
  }

  /** Whether chunks asked for ahead of reads (a boot profile) are on their way: background hydration waits for them. */
  aheadActive(): boolean {
    return this.aheadInFlight > 0;
  }

  /**
   * Calls `watcher` with the first and last chunk of what needs the source's data: every read, and a
   * write of part of an absent chunk (its rest is fetched). Before it is served; returns the unsubscribe.
   */
  watchTouches(watcher: (first: number, last: number) => void): () => void {
    this.touchWatchers.push(watcher);
    return () => void (this.touchWatchers = this.touchWatchers.filter((w) => w !== watcher));
  }

  /** Whether chunk `i` is absent with no fetch of it running (so asking for it ahead of reads is worth it). */
  wantsChunk(i: number): boolean {
    return i >= 0 && i < this.chunkCount && !this.meta.present.get(i) && !this.inflight.has(i);
  }

  /** Asks the source for `indexes` ahead of reads: at background priority when it has such a lane, else one by one. */
  askAhead(indexes: readonly number[]): Map<number, Promise<FetchedChunk | undefined>> {
    if (this.fetcher.fetchAhead) return this.fetcher.fetchAhead(indexes);
    return new Map(indexes.map((i) => [i, this.fetcher.fetch(i).then((data) => ({ data }), () => undefined)]));
  }

  /**
   * Lands chunk `i` from `answer` (asked for ahead of reads) unless it turned present meanwhile. A read
   * of the chunk until then waits for this answer instead of asking again; if the answer never came,
   * the chunk is fetched as a demand read. True when the answer was stored.
   */
  landAhead(i: number, answer: Promise<FetchedChunk | undefined>): Promise<boolean> {
    const running = this.inflight.get(i);
    if (running) return running.then(() => false);
    let stored = false;
    this.aheadInFlight++;
    const landing = this.mutex
      .run(i, async () => {
        if (this.meta.present.get(i)) return this.readChunkLocally(i);
        const got = await answer;
        if (got === undefined) return this.fetchAndStore(i, true);
        stored = true;
        const chunk = Buffer.alloc(this.chunkLength(i));
        got.data.copy(chunk, 0, 0, Math.min(got.data.length, chunk.length));
        await this.storeChunk(i, chunk, got.sha256);
        this.stats.recordPrefetch(chunk.length);
        return chunk;
      })
      .finally(() => {
        this.aheadInFlight--;
        this.inflight.delete(i);
      });
    this.inflight.set(i, landing);
    return landing.then(() => stored);
  }

  /** Reads `length` bytes at `offset`, fetching absent chunks on demand. */
  async read(offset: number, length: number): Promise<Buffer> {
    if (length > 0) for (const watch of this.touchWatchers) watch(Math.floor(offset / this.chunkSize), Math.floor((offset + length - 1) / this.chunkSize));
    const out = Buffer.allocUnsafe(length);
    const work: Array<Promise<void>> = [];
    let hit = true;
    const stateOf = (i: number): 'stored' | 'zero' | 'absent' => (!this.meta.present.get(i) ? 'absent' : this.meta.zero.get(i) ? 'zero' : 'stored');
    for (const piece of planRead(offset, length, this.chunkSize, stateOf)) {
      const at = piece.pos - offset;
      if (piece.kind === 'stored') work.push(this.store.readInto(out, at, piece.length, piece.pos));
      else if (piece.kind === 'zero') out.fill(0, at, at + piece.length);
      else {
        hit = false;
        const from = piece.pos - piece.chunk * this.chunkSize;
        work.push(this.chunkFromSource(piece.chunk).then((chunk) => void copyPadded(chunk, out, at, from, piece.length)));
      }
    }
    await Promise.all(work);
    this.stats.recordRead(length, hit);
    return out;
  }

  /**
   * The content of chunk `i`, fetching it if absent. Concurrent callers share one fetch; a chunk
   * that turned present meanwhile is read from the store.
   */
  private chunkFromSource(i: number): Promise<Buffer> {
    const running = this.inflight.get(i);
    if (running) return running;
    const started = this.mutex
      .run(i, async () => {
        if (this.meta.present.get(i)) return this.readChunkLocally(i);
        return this.fetchAndStore(i, true);
      })
      .finally(() => this.inflight.delete(i));
    this.inflight.set(i, started);
    return started;
  }

  private async readChunkLocally(i: number): Promise<Buffer> {
    const buf = Buffer.alloc(this.chunkLength(i));
    if (!this.meta.zero.get(i)) await this.store.readInto(buf, 0, buf.length, i * this.chunkSize);
    return buf;
  }

  /** Fetches chunk `i` from the source and stores it; call with the chunk's mutex held. */
  private async fetchAndStore(i: number, onDemand: boolean): Promise<Buffer> {
    const started = performance.now();
    if (onDemand) this.demandInFlight++;
    let chunk: Buffer;
    let sha256: Buffer | undefined;
    try {
      const fetched = this.fetcher.fetchVerified ? await this.fetcher.fetchVerified(i) : { data: await this.fetcher.fetch(i), sha256: undefined };
      sha256 = fetched.sha256;
      chunk = Buffer.alloc(this.chunkLength(i));
      fetched.data.copy(chunk, 0, 0, Math.min(fetched.data.length, chunk.length));
    } finally {
      if (onDemand) {
        this.demandInFlight--;
        this.lastDemandAt = performance.now();
      }
    }
    if (onDemand) this.stats.recordFetch(performance.now() - started, chunk.length);
    else this.stats.hydratedChunks++;
    await this.storeChunk(i, chunk, sha256);
    if (onDemand) this.meta.fetched.set(i);
    return chunk;
  }

  /** Stores fetched chunk `i` and marks it present; call with the chunk's mutex held. */
  private async storeChunk(i: number, chunk: Buffer, sha256: Buffer | undefined): Promise<void> {
    // All-zero chunks (unallocated source regions) cost no space: they are marked, not written.
    if (isZero(chunk)) this.meta.zero.set(i);
    else await this.store.write(chunk, i * this.chunkSize);
    if (sha256 !== undefined) await this.hashes.record(i, sha256);
    this.meta.present.set(i);
    this.changes++;
  }

  /**
   * Lands one verified hydration chunk from the source. The written bitmap wins: a chunk already
   * present (fetched on demand, or written by the guest) keeps its content and only gains its source
   * hash. Under the chunk's mutex, so a guest write and a hydration frame of one chunk never interleave.
   */
  async landHydrated(i: number, data: Buffer, sha256: Buffer, zero: boolean): Promise<'stored' | 'kept'> {
    return this.mutex.run(i, async () => {
      if (this.meta.present.get(i)) {
        await this.hashes.record(i, sha256);
        return 'kept';
      }
      await this.storeChunk(i, zero ? Buffer.alloc(0) : data.subarray(0, this.chunkLength(i)), sha256);
      this.stats.hydratedChunks++;
      return 'stored';
    });
  }

  /** One bit per chunk (LSB first): present with its source hash known, so a hydration need not send it. */
  sourceVerifiedBitmap(): Buffer {
    const bits = Buffer.alloc(Math.ceil(this.chunkCount / 8));
    for (let i = 0; i < this.chunkCount; i++) if (this.meta.present.get(i) && this.hashes.known(i)) bits[i >> 3]! |= 1 << (i & 7);
    return bits;
  }

  /** The source chunk hashes the whole-disk digest is computed over (unknown chunks count as zeros). */
  sourceDigestInputs(): Buffer[] {
    return this.hashes.digestInputs(this.size, this.chunkSize);
  }

  /**
   * After a hydration whose digest matched: the chunks still absent are those the source skipped as
   * zero ranges; they become present zeros, so the volume is complete. Returns how many.
   */
  async completeHydration(): Promise<number> {
    let marked = 0;
    for (let i = this.nextAbsent(0); i >= 0; i = this.nextAbsent(i + 1)) {
      if (await this.markZeroIfAbsent(i)) marked++;
    }
    await this.flush();
    return marked;
  }

  /** Makes absent chunk `i` a present zero chunk (under its lock); false when it was present. */
  private markZeroIfAbsent(i: number): Promise<boolean> {
    return this.mutex.run(i, () => {
      if (this.meta.present.get(i)) return Promise.resolve(false);
      this.meta.zero.set(i);
      this.meta.present.set(i);
      this.changes++;
      return Promise.resolve(true);
    });
  }

  /**
   * Marks the absent chunks the source holds no data for as present zeros, without fetching them
   * (hydration then copies only allocated data). Returns how many it marked.
   */
  async skipUnallocated(): Promise<number> {
    const chunks = this.fetcher.unallocatedChunks?.();
    if (chunks === undefined) return 0;
    let marked = 0;
    for await (const i of chunks) {
      if (i >= this.chunkCount) break;
      if (await this.markZeroIfAbsent(i)) marked++;
    }
    return marked;
  }

  /** Background hydration of chunk `i`; false when it was already present. */
  async hydrate(i: number): Promise<boolean> {
    return this.mutex.run(i, async () => {
      if (this.meta.present.get(i)) return false;
      await this.fetchAndStore(i, false);
      return true;
    });
  }

  /** Writes `data` at `offset`; when `durable`, returns only after the write survives a crash. */
  async write(offset: number, data: Buffer, durable: boolean): Promise<void> {
    const work: Array<Promise<void>> = [];
    const end = offset + data.length;
    let pos = offset;
    while (pos < end) {
      const i = Math.floor(pos / this.chunkSize);
      const segEnd = Math.min(end, (i + 1) * this.chunkSize);
      const piece = data.subarray(pos - offset, segEnd - offset);
      const at = pos;
      if (!this.meta.written.get(i)) {
        this.meta.written.set(i);
        this.changes++;
      }
      if (this.meta.present.get(i) && !this.meta.zero.get(i)) work.push(this.store.write(piece, at));
      else {
        if (!this.meta.present.get(i) && piece.length < this.chunkLength(i)) for (const watch of this.touchWatchers) watch(i, i);
        work.push(this.mutex.run(i, () => this.writeSlow(i, at, piece)));
      }
      pos = segEnd;
    }
    await Promise.all(work);
    this.stats.recordWrite(data.length);
    if (durable) await this.flush();
  }

  /** A write into an absent or unmapped chunk: the whole chunk is made present first. */
  private async writeSlow(i: number, at: number, piece: Buffer): Promise<void> {
    const chunkStart = i * this.chunkSize;
    const full = piece.length === this.chunkLength(i);
    if (this.meta.present.get(i) && !this.meta.zero.get(i)) return this.store.write(piece, at);
    if (full) await this.store.write(piece, at);
    else {
      const base = this.meta.present.get(i) ? Buffer.alloc(this.chunkLength(i)) : await this.fetchAndStore(i, true);
      piece.copy(base, at - chunkStart);
      await this.store.write(base, chunkStart);
    }
    this.meta.present.set(i);
    this.meta.zero.clear(i);
    this.changes++;
  }

  /** Unmaps `length` bytes at `offset`: they read as zeros afterwards; whole chunks hold no data. */
  async zero(offset: number, length: number, durable: boolean): Promise<void> {
    const end = offset + length;
    let pos = offset;
    const work: Array<Promise<void>> = [];
    while (pos < end) {
      const i = Math.floor(pos / this.chunkSize);
      const chunkStart = i * this.chunkSize;
      const segEnd = Math.min(end, chunkStart + this.chunkLength(i));
      if (pos === chunkStart && segEnd - pos === this.chunkLength(i)) {
        work.push(
          this.mutex.run(i, async () => {
            this.meta.present.set(i);
            this.meta.zero.set(i);
            this.meta.written.set(i);
            this.changes++;
          }),
        );
      } else {
        work.push(this.write(pos, Buffer.alloc(segEnd - pos), false));
      }
      pos = segEnd;
    }
    await Promise.all(work);
    if (durable) await this.flush();
  }

  /** Makes every completed write durable (group commit: concurrent callers share fsyncs). */
  flush(): Promise<void> {
    return this.commits.run();
  }

  private async flushOnce(): Promise<void> {
    // Snapshot first: every bit in it belongs to a write that completed before the datasync below.
    const changes = this.changes;
    const snapshot = changes === this.savedChanges ? undefined : { ...this.meta, present: this.meta.present.clone(), zero: this.meta.zero.clone(), written: this.meta.written.clone() };
    await this.store.datasync();
    await this.hashes.sync();
    if (snapshot) {
      await saveMeta(metaPathIn(this.dir), snapshot);
      this.savedChanges = Math.max(this.savedChanges, changes);
    }
  }

  /** Flushes and closes the store and the fetcher. */
  async close(): Promise<void> {
    await this.flush();
    await this.store.close();
    await this.hashes.close();
    await this.fetcher.close();
  }
}
