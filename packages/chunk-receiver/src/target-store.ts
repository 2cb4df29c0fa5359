import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { chunkCount, diskDigest, sha256, zeroChunkHash } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';

/** Bytes per chunk record: generation (u32, 0 = never verified) + SHA-256 the receiver computed. */
const RECORD = 36;

/** Identity and geometry of one target disk. */
export interface TargetSpec {
  migrationId: string;
  diskId: string;
  targetPath: string;
  virtualSize: number;
  chunkSize: number;
  /**
   * The target is an existing disk written in place (migrate back into a prem disk): it is never
   * created or truncated, must already have the session's size, and its current content is hashed
   * once at the first open, so every chunk has a known hash (chunks not sent keep theirs).
   */
  existing?: boolean;
}

/** Chunks written (pwrite done) but not yet durable and recorded. */
export type PendingBatch = Array<{ index: number; generation: number; sha256: Buffer }>;

interface Meta extends TargetSpec {
  completedGeneration: number;
}

/**
 * Where a disk's receiver state lives: a directory per migration and disk under the state root.
 *
 * Resume state stays under the state root (STATE_DIR), not beside each target: several cloud-manager
 * replicas share it by pointing STATE_DIR at shared storage, e.g. a directory on the target datastore
 * itself. That keeps one layout for one replica or many (a running migration's maps stay where they
 * are on upgrade), keeps TARGET_ROOT holding disks only, and keeps state files out of the customer
 * datastores prem-esxi-manager writes disks into in place (migrate back) with this same store.
 * Everything a session resumes from is here: meta.json, chunks.map and the session lease.
 */
export function stateDirOf(stateRoot: string, migrationId: string, diskId: string): string {
  const name = createHash('sha256').update(`${migrationId}\0${diskId}`).digest('hex').slice(0, 24);
  return join(stateRoot, name);
}

/**
 * A raw (sparse) target file and its verified-chunk map. The map holds one record per chunk: the
 * generation in which the chunk was last verified and the hash the receiver itself computed. It is
 * the persisted bitmap of verified chunks: commit() fsyncs the target data first, then the records,
 * and only then may the caller acknowledge, so after kill -9 every acknowledged chunk is on disk.
 */
export class TargetStore {
  private pending: PendingBatch = [];

  private constructor(
    readonly spec: TargetSpec,
    private readonly dir: string,
    private readonly target: FileHandle,
    private readonly records: FileHandle,
    private readonly map: Buffer,
    private meta: Meta,
  ) {}

  static async open(stateRoot: string, spec: TargetSpec): Promise<TargetStore> {
    const dir = stateDirOf(stateRoot, spec.migrationId, spec.diskId);
    await mkdir(dir, { recursive: true });
    const metaPath = join(dir, 'meta.json');
    const known = await readFile(metaPath, 'utf8').then((text) => JSON.parse(text) as Meta, () => undefined);
    if (known !== undefined && (known.virtualSize !== spec.virtualSize || known.chunkSize !== spec.chunkSize || known.targetPath !== spec.targetPath || Boolean(known.existing) !== Boolean(spec.existing))) {
      throw new ValidationError(
        'open',
        `disk ${spec.diskId} of migration ${spec.migrationId} was started as ${known.targetPath} (${known.virtualSize} bytes, chunk ${known.chunkSize}); ` +
          `this session asks for ${spec.targetPath} (${spec.virtualSize} bytes, chunk ${spec.chunkSize}); use a new migration id to start over`,
      );
    }
    if (spec.existing) return TargetStore.openExisting(dir, spec, known);
    const meta: Meta = known ?? { ...spec, completedGeneration: 0 };
    if (known === undefined) await writeJsonAtomic(metaPath, meta);
    const target = await open(spec.targetPath, 'a+').then(async (probe) => {
      await probe.close();
      return open(spec.targetPath, 'r+');
    });
    // A new target starts as one hole, so a chunk never written (generation 0) reads as zeros and the
    // sender need not send the zero chunks of a first full copy.
    if (known === undefined) await target.truncate(0);
    if ((await target.stat()).size !== spec.virtualSize) await target.truncate(spec.virtualSize);
    if (known === undefined) await target.datasync();
    const size = chunkCount(spec.virtualSize, spec.chunkSize) * RECORD;
    const records = await open(join(dir, 'chunks.map'), 'a+').then(async (probe) => {
      await probe.close();
      return open(join(dir, 'chunks.map'), 'r+');
    });
    const map = Buffer.alloc(size);
    await records.read(map, 0, size, 0);
    return new TargetStore(spec, dir, target, records, map, meta);
  }

  /** An existing disk written in place: opened as it is; its chunks are hashed (baseline) the first time. */
  private static async openExisting(dir: string, spec: TargetSpec, known: Meta | undefined): Promise<TargetStore> {
    const target = await open(spec.targetPath, 'r+').catch((error: NodeJS.ErrnoException) => {
      throw new ValidationError('open.targetPath', `${spec.targetPath} cannot be opened for writing in place (${error.code ?? error.message}); name the disk's flat extent as the source reads it`);
    });
    const size = (await target.stat()).size;
    if (size !== spec.virtualSize) {
      await target.close();
      throw new ValidationError('open.virtualSize', `${spec.targetPath} holds ${size} bytes but the session writes a ${spec.virtualSize}-byte disk; a disk written in place keeps its size`);
    }
    const chunks = chunkCount(spec.virtualSize, spec.chunkSize);
    const recordsPath = join(dir, 'chunks.map');
    const map = Buffer.alloc(chunks * RECORD);
    const records = await open(recordsPath, 'a+').then(async (probe) => {
      await probe.close();
      return open(recordsPath, 'r+');
    });
    if (known === undefined) {
      // Baseline: the disk's own hashes before any write, durable before the meta that says they exist.
      const buffer = Buffer.alloc(spec.chunkSize);
      for (let index = 0; index < chunks; index++) {
        const length = Math.min(spec.chunkSize, spec.virtualSize - index * spec.chunkSize);
        const { bytesRead } = await target.read(buffer, 0, length, index * spec.chunkSize);
        buffer.fill(0, bytesRead, length);
        sha256(buffer.subarray(0, length)).copy(map, index * RECORD + 4);
      }
      await records.write(map, 0, map.length, 0);
      await records.datasync();
      await writeJsonAtomic(join(dir, 'meta.json'), { ...spec, completedGeneration: 0 });
    } else {
      await records.read(map, 0, map.length, 0);
    }
    return new TargetStore(spec, dir, target, records, map, known ?? { ...spec, completedGeneration: 0 });
  }

  get chunks(): number {
    return chunkCount(this.spec.virtualSize, this.spec.chunkSize);
  }

  get completedGeneration(): number {
    return this.meta.completedGeneration;
  }

  generationOf(index: number): number {
    return this.map.readUInt32BE(index * RECORD);
  }

  hashOf(index: number): Buffer {
    return this.map.subarray(index * RECORD + 4, (index + 1) * RECORD);
  }

  /** One bit per chunk (LSB first): verified in `generation`. */
  verifiedBitmap(generation: number): Buffer {
    const bitmap = Buffer.alloc(Math.ceil(this.chunks / 8));
    for (let index = 0; index < this.chunks; index++) {
      if (this.generationOf(index) === generation) bitmap[index >> 3] = (bitmap[index >> 3] ?? 0) | (1 << (index & 7));
    }
    return bitmap;
  }

  /** The hash of chunk `index` as the receiver knows it: a never-written chunk of the (sparse) target is zeros. */
  knownHash(index: number): Buffer {
    if (this.generationOf(index) !== 0 || this.spec.existing) return this.hashOf(index);
    return zeroChunkHash(Math.min(this.spec.chunkSize, this.spec.virtualSize - index * this.spec.chunkSize));
  }

  /** The receiver's own hash of every chunk, 32 bytes each. */
  chunkHashes(): Buffer {
    const hashes = Buffer.alloc(this.chunks * 32);
    for (let index = 0; index < this.chunks; index++) this.knownHash(index).copy(hashes, index * 32);
    return hashes;
  }

  /** Whether a zero chunk must be written: only where the file may hold older data (never-written chunks are holes). */
  needsZeroWrite(index: number, length: number): boolean {
    return !this.knownHash(index).equals(zeroChunkHash(length));
  }

  /** Notes a chunk whose plaintext was verified and written (pwrite done); commit() makes it durable and records it. */
  record(index: number, generation: number, sha256: Buffer): void {
    this.pending.push({ index, generation, sha256 });
  }

  get uncommitted(): number {
    return this.pending.length;
  }

  /** Makes written chunks durable and records them as verified; returns their indexes. */
  async commit(): Promise<number[]> {
    return this.recordBatch(await this.syncData());
  }

  /**
   * First half of a commit: takes the chunks written so far and makes their data durable. The second
   * half (recordBatch) may overlap the next batch's syncData: each batch's records still follow its data.
   */
  async syncData(): Promise<PendingBatch> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) await this.target.datasync();
    return batch;
  }

  /** Second half of a commit: records a durable batch as verified (the persisted bitmap); returns its indexes. */
  async recordBatch(batch: PendingBatch): Promise<number[]> {
    if (batch.length === 0) return [];
    for (const record of batch) {
      const at = record.index * RECORD;
      this.map.writeUInt32BE(record.generation, at);
      record.sha256.copy(this.map, at + 4);
    }
    // One pwrite per run of adjacent records (a full copy's batch is usually one run) instead of one
    // per record (each is a thread-pool round trip and a promise on the receiving main thread).
    const writes: Array<Promise<unknown>> = [];
    for (const [first, last] of adjacentRuns(batch.map((record) => record.index))) {
      writes.push(this.records.write(this.map, first * RECORD, (last - first + 1) * RECORD, first * RECORD));
    }
    await Promise.all(writes);
    await this.records.datasync();
    return batch.map((record) => record.index);
  }

  /** Whole-disk digest over the receiver's own chunk hashes (never-written chunks count as zeros). */
  digest(): Buffer {
    const hashes: Buffer[] = [];
    for (let index = 0; index < this.chunks; index++) hashes.push(this.knownHash(index));
    return diskDigest(this.spec.virtualSize, this.spec.chunkSize, hashes);
  }

  async markCompleted(generation: number): Promise<void> {
    this.meta = { ...this.meta, completedGeneration: generation };
    await writeJsonAtomic(join(this.dir, 'meta.json'), this.meta);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.target.close(), this.records.close()]);
  }
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2));
  const handle = await open(tmp, 'r');
  await handle.sync();
  await handle.close();
  await rename(tmp, path);
}

/** Sorted runs [first, last] of consecutive chunk indexes (duplicates allowed). */
export function adjacentRuns(indexes: number[]): Array<[number, number]> {
  const sorted = [...indexes].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const index of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && index <= last[1] + 1) last[1] = Math.max(last[1], index);
    else runs.push([index, index]);
  }
  return runs;
}
