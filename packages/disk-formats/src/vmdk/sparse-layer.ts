import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import { ImageFile } from '../io/image-file';
import { Limits } from '../io/limits';
import { ByteLru } from '../io/lru';
import type { Layer } from '../layer';
import type { Extent } from '../types';
import { readSparseHeader, SECTOR, type SparseHeader } from './sparse-header';

/** Where one grain's bytes come from. */
type Grain = { kind: 'data'; sector: number } | { kind: 'zero' };

const inflateAsync = promisify(inflate);

/** Size of the {lba: u64, size: u32} header in front of a compressed grain. */
const GRAIN_HEADER = 12;

/**
 * A hosted sparse extent (monolithicSparse, streamOptimized, or one extent of a split sparse
 * disk): grain directory in memory (bounded by Limits), grain tables in an LRU.
 */
export class SparseLayer implements Layer {
  readonly virtualSize: number;
  private readonly grainBytes: number;
  private readonly gtCache = new ByteLru<Buffer>(Limits.tableCacheBytes);
  private readonly inflated: ByteLru<Buffer>;

  private constructor(
    private readonly file: ImageFile,
    readonly header: SparseHeader,
    private readonly gd: Buffer,
  ) {
    this.virtualSize = header.capacitySectors * SECTOR;
    this.grainBytes = header.grainSectors * SECTOR;
    this.inflated = new ByteLru<Buffer>(Math.max(4 * this.grainBytes, 2 ** 20));
  }

  get path(): string {
    return this.file.path;
  }

  /** Opens a sparse extent already known (by magic) to be one; `format` names it in errors. */
  static async open(path: string, format: string): Promise<SparseLayer> {
    const file = await ImageFile.open(path, format);
    try {
      const header = await readSparseHeader(file);
      const gd = await file.readAt(header.gdOffset * SECTOR, header.gdEntries * 4, 'grain directory');
      return new SparseLayer(file, header, gd);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Reads the embedded descriptor text (bounded), or '' if there is none. */
  async embeddedDescriptor(): Promise<string> {
    const { descriptorOffset, descriptorSize } = this.header;
    if (descriptorOffset === 0 || descriptorSize === 0) return '';
    const length = Math.min(descriptorSize * SECTOR, Limits.maxDescriptorBytes);
    const text = await this.file.readAt(descriptorOffset * SECTOR, length, 'embedded descriptor');
    const end = text.indexOf(0);
    return text.subarray(0, end < 0 ? text.length : end).toString('utf8');
  }

  async *map(start: number, end: number): AsyncIterable<Extent> {
    const perTable = this.grainBytes * this.header.gtesPerGt;
    for (let gtIndex = Math.floor(start / perTable); gtIndex * perTable < end; gtIndex++) {
      const blockStart = Math.max(start, gtIndex * perTable);
      const blockEnd = Math.min(end, (gtIndex + 1) * perTable);
      const gt = await this.tableFor(gtIndex);
      if (!gt) {
        yield { offset: blockStart, length: blockEnd - blockStart, allocated: false, zero: true };
        continue;
      }
      // Classify one grain table synchronously; coalesce() joins the runs later.
      const runs: Extent[] = [];
      for (let offset = Math.floor(blockStart / this.grainBytes) * this.grainBytes; offset < blockEnd; offset += this.grainBytes) {
        const data = this.entryKind(gt, gtIndex, Math.floor(offset / this.grainBytes) % this.header.gtesPerGt).kind === 'data';
        const from = Math.max(offset, blockStart);
        const to = Math.min(offset + this.grainBytes, blockEnd);
        const last = runs[runs.length - 1];
        if (last && last.allocated === data) last.length += to - from;
        else runs.push({ offset: from, length: to - from, allocated: data, zero: !data });
      }
      yield* runs;
    }
  }

  async readInto(target: Buffer, at: number, offset: number, length: number): Promise<void> {
    const end = offset + length;
    // Reads and inflations of one piece run concurrently (zlib works in the thread pool).
    const tasks: Array<Promise<void>> = [];
    while (offset < end) {
      const within = offset % this.grainBytes;
      let span = Math.min(this.grainBytes - within, end - offset);
      const grain = await this.lookup(offset);
      const [into, guest] = [at, offset];
      if (grain.kind === 'zero') target.fill(0, at, at + span);
      else if (this.header.compressed) {
        const copied = span;
        tasks.push(this.inflate(grain.sector, guest - within).then((data) => void data.copy(target, into, within, within + copied)));
      } else {
        // Merge grains that follow each other in the file into one read.
        while (offset + span < end) {
          const next = await this.lookup(offset + span);
          if (next.kind !== 'data' || next.sector * SECTOR !== grain.sector * SECTOR + within + span) break;
          span += Math.min(this.grainBytes, end - offset - span);
        }
        tasks.push(this.file.readInto(target, into, grain.sector * SECTOR + within, span, `grain at sector ${grain.sector} for guest offset ${guest}`));
      }
      offset += span;
      at += span;
    }
    await Promise.all(tasks);
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  private async lookup(offset: number): Promise<Grain> {
    const grainIndex = Math.floor(offset / this.grainBytes);
    const gtIndex = Math.floor(grainIndex / this.header.gtesPerGt);
    const gt = await this.tableFor(gtIndex);
    return gt ? this.entryKind(gt, gtIndex, grainIndex % this.header.gtesPerGt) : { kind: 'zero' };
  }

  /** The grain table of a GD entry, or undefined when the entry is 0 (no table: all zero). */
  private async tableFor(gtIndex: number): Promise<Buffer | undefined> {
    const gtSector = this.gd.readUInt32LE(gtIndex * 4);
    return gtSector === 0 ? undefined : this.grainTable(gtSector, gtIndex);
  }

  private entryKind(gt: Buffer, gtIndex: number, entry: number): Grain {
    const sector = gt.readUInt32LE(entry * 4);
    // 0 = never written (no parent links here, so zeros); 1 = a zeroed grain (FLAG_ZEROED_GTE).
    if (sector <= 1) return { kind: 'zero' };
    if (sector * SECTOR >= this.file.size) {
      throw this.file.fault(`grain table ${gtIndex} entry ${entry}`, `points to sector ${sector}, past the end of the file (${Math.ceil(this.file.size / SECTOR)} sectors)`);
    }
    return { kind: 'data', sector };
  }

  private async grainTable(gtSector: number, gtIndex: number): Promise<Buffer> {
    const cached = this.gtCache.get(gtSector);
    if (cached) return cached;
    const bytes = this.header.gtesPerGt * 4;
    if (gtSector * SECTOR + bytes > this.file.size) {
      throw this.file.fault(`grain directory entry ${gtIndex}`, `points to a grain table at sector ${gtSector}, past the end of the file (${Math.ceil(this.file.size / SECTOR)} sectors)`);
    }
    const table = await this.file.readAt(gtSector * SECTOR, bytes, `grain table ${gtIndex}`);
    this.gtCache.set(gtSector, table);
    return table;
  }

  private async inflate(sector: number, grainOffset: number): Promise<Buffer> {
    const cached = this.inflated.get(sector);
    if (cached) return cached;
    const what = `compressed grain at sector ${sector} for guest offset ${grainOffset}`;
    // One read: the marker and (almost always) all of the deflated data behind it.
    const first = await this.file.readClamped(sector * SECTOR, GRAIN_HEADER + this.grainBytes + 1024, what);
    if (first.length < GRAIN_HEADER) throw this.file.fault(what, 'its marker is cut off by the end of the file');
    const lba = Number(first.readBigUInt64LE(0));
    const size = first.readUInt32LE(8);
    if (lba * SECTOR !== grainOffset) throw this.file.fault(what, `its marker says sector ${lba}, but the grain table places it at sector ${grainOffset / SECTOR}`);
    if (size === 0 || size > 2 * this.grainBytes + 1024) throw this.file.fault(what, `compressed size ${size} is impossible for a ${this.grainBytes}-byte grain`);
    const deflated = GRAIN_HEADER + size <= first.length ? first.subarray(GRAIN_HEADER, GRAIN_HEADER + size) : await this.file.readAt(sector * SECTOR + GRAIN_HEADER, size, what);
    const data = await inflateGrain(deflated, this.grainBytes, (fault, cause) => this.file.fault(what, fault, undefined, cause));
    this.inflated.set(sector, data);
    return data;
  }
}

/**
 * Inflates one zlib-compressed grain into exactly `grainBytes` (short grains padded with zeros),
 * refusing anything that would inflate past a grain.
 */
export async function inflateGrain(deflated: Buffer, grainBytes: number, fault: (message: string, cause?: unknown) => Error): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await inflateAsync(deflated, { maxOutputLength: grainBytes, chunkSize: Math.max(grainBytes, 64) });
  } catch (cause) {
    throw fault(`does not inflate (${(cause as Error).message})`, cause);
  }
  if (data.length === grainBytes) return data;
  const full = Buffer.alloc(grainBytes);
  data.copy(full);
  return full;
}
