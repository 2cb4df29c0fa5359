import { dirname, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { hex } from '../errors';
import { ImageFile } from '../io/image-file';
import { Limits } from '../io/limits';
import { ByteLru } from '../io/lru';
import type { Layer } from '../layer';
import type { DiskFormat, Extent } from '../types';
import { readQcow2Header, type Qcow2Header } from './header';

const inflateRawAsync = promisify(inflateRaw);

/** Opens a backing file as a Layer; injected so qcow2 does not import the format registry. */
export type LayerOpener = (path: string, format: DiskFormat | undefined, chain: readonly string[]) => Promise<Layer>;

/** Where one guest cluster's bytes come from. */
type Cluster =
  | { kind: 'data'; host: number }
  | { kind: 'compressed'; host: number; size: number; entry: bigint }
  | { kind: 'zero' }
  | { kind: 'backing' };

const OFFSET_MASK_HI = 0x00ffffff; // bits 32..55 of a host offset
const COMPRESSED_BIT = 0x40000000; // bit 62, in the high word

/** A qcow2 v2/v3 image: L1 in memory (bounded), L2 tables in an LRU, an optional backing Layer. */
export class Qcow2Layer implements Layer {
  private readonly l2Cache = new ByteLru<Buffer>(Limits.tableCacheBytes);
  private readonly inflated: ByteLru<Buffer>;
  private readonly l2Entries: number;

  private constructor(
    private readonly file: ImageFile,
    readonly header: Qcow2Header,
    private readonly l1: Buffer,
    private readonly backing: Layer | undefined,
  ) {
    this.l2Entries = header.clusterSize / 8;
    this.inflated = new ByteLru<Buffer>(Math.max(4 * header.clusterSize, 2 ** 20));
  }

  get path(): string {
    return this.file.path;
  }

  get virtualSize(): number {
    return this.header.virtualSize;
  }

  static async open(path: string, openBacking: LayerOpener, chain: readonly string[]): Promise<Qcow2Layer> {
    const file = await ImageFile.open(path, 'qcow2');
    let backing: Layer | undefined;
    try {
      const header = await readQcow2Header(file);
      const needed = Math.ceil(header.virtualSize / (header.clusterSize * (header.clusterSize / 8)));
      const l1 = await file.readAt(header.l1Offset, needed * 8, 'L1 table');
      if (header.backingFile !== undefined) {
        backing = await openBacking(resolveBacking(path, header.backingFile), asFormat(file, header.backingFormat), chain);
      }
      return new Qcow2Layer(file, header, l1, backing);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async *map(start: number, end: number): AsyncIterable<Extent> {
    const cs = this.header.clusterSize;
    const perTable = cs * this.l2Entries;
    let runStart = start;
    let runKind: Cluster['kind'] | undefined;
    for (let l1Index = Math.floor(start / perTable); l1Index * perTable < end; l1Index++) {
      // Classify a whole L2 table synchronously, then hand out the finished runs.
      const finished: Array<[Cluster['kind'], number, number]> = [];
      const step = (kind: Cluster['kind'], from: number): void => {
        if (runKind !== undefined && kind !== runKind) {
          finished.push([runKind, runStart, from]);
          runStart = from;
        }
        runKind = kind;
      };
      const table = await this.l2ForL1(l1Index);
      const blockStart = Math.max(start, l1Index * perTable);
      if (!table) step('backing', blockStart);
      else {
        const first = Math.floor(blockStart / cs);
        const last = Math.ceil(Math.min(end, (l1Index + 1) * perTable) / cs);
        for (let index = first; index < last; index++) step(this.entryKind(table.l2, table.l2Offset, l1Index, index % this.l2Entries).kind, Math.max(start, index * cs));
      }
      for (const [kind, from, to] of finished) yield* this.run(kind, from, to);
    }
    if (runKind !== undefined) yield* this.run(runKind, runStart, end);
  }

  private async *run(kind: Cluster['kind'], start: number, end: number): AsyncIterable<Extent> {
    if (kind === 'data' || kind === 'compressed') {
      yield { offset: start, length: end - start, allocated: true, zero: false };
    } else if (kind === 'zero' || !this.backing || start >= this.backing.virtualSize) {
      yield { offset: start, length: end - start, allocated: false, zero: true };
    } else {
      const backed = Math.min(end, this.backing.virtualSize);
      yield* this.backing.map(start, backed);
      if (backed < end) yield { offset: backed, length: end - backed, allocated: false, zero: true };
    }
  }

  async readInto(target: Buffer, at: number, offset: number, length: number): Promise<void> {
    const cs = this.header.clusterSize;
    const end = offset + length;
    // Reads and inflations of one piece run concurrently (zlib works in the thread pool).
    const tasks: Array<Promise<void>> = [];
    while (offset < end) {
      const within = offset % cs;
      let span = Math.min(cs - within, end - offset);
      const cluster = await this.lookup(offset);
      const [into, guest] = [at, offset];
      if (cluster.kind === 'data') {
        // Merge host-contiguous data clusters into one read.
        while (offset + span < end) {
          const next = await this.lookup(offset + span);
          if (next.kind !== 'data' || next.host !== cluster.host + within + span) break;
          span += Math.min(cs, end - offset - span);
        }
        tasks.push(this.file.readInto(target, into, cluster.host + within, span, `data cluster at ${hex(cluster.host)} for guest offset ${guest}`));
      } else if (cluster.kind === 'compressed') {
        const copied = span;
        tasks.push(this.inflate(cluster, guest).then((data) => void data.copy(target, into, within, within + copied)));
      } else if (cluster.kind === 'backing' && this.backing && offset < this.backing.virtualSize) {
        const backed = Math.min(span, this.backing.virtualSize - offset);
        target.fill(0, at + backed, at + span);
        tasks.push(this.backing.readInto(target, into, guest, backed));
      } else {
        target.fill(0, at, at + span);
      }
      offset += span;
      at += span;
    }
    await Promise.all(tasks);
  }

  async close(): Promise<void> {
    await this.file.close();
    await this.backing?.close();
  }

  /** Finds the cluster holding guest `offset` through L1 and (cached) L2. */
  private async lookup(offset: number): Promise<Cluster> {
    const index = Math.floor(offset / this.header.clusterSize);
    const l1Index = Math.floor(index / this.l2Entries);
    const table = await this.l2ForL1(l1Index);
    if (!table) return { kind: 'backing' };
    return this.entryKind(table.l2, table.l2Offset, l1Index, index % this.l2Entries);
  }

  /** The L2 table an L1 entry points to, or undefined when the entry is unallocated. */
  private async l2ForL1(l1Index: number): Promise<{ l2: Buffer; l2Offset: number } | undefined> {
    if (l1Index * 8 >= this.l1.length) return undefined; // beyond the guest size: never read
    const l2Offset = this.hostOffset(this.l1, l1Index * 8);
    if (l2Offset === 0) return undefined;
    return { l2: await this.l2Table(l2Offset, l1Index), l2Offset };
  }

  /** Decodes one L2 entry (qcow2.txt "Standard Cluster Descriptor" / "Compressed Clusters Descriptor"). */
  private entryKind(l2: Buffer, l2Offset: number, l1Index: number, entry: number): Cluster {
    const entryAt = entry * 8;
    const hi = l2.readUInt32BE(entryAt);
    const where = `L2 entry ${entry} of L2 table ${l1Index} (at ${hex(l2Offset)})`;
    if (hi & COMPRESSED_BIT) return this.compressed(l2.readBigUInt64BE(entryAt), where);
    const zeroFlag = this.header.version === 3 && (l2.readUInt32BE(entryAt + 4) & 1) === 1;
    if (zeroFlag) return { kind: 'zero' };
    const host = this.hostOffset(l2, entryAt);
    if (host === 0) return { kind: 'backing' };
    if (host % this.header.clusterSize !== 0) throw this.file.fault(where, `host offset ${hex(host)} is not cluster aligned`);
    if (host >= this.file.size) throw this.file.fault(where, `points to ${hex(host)}, past the end of the file (${this.file.size} bytes)`);
    return { kind: 'data', host };
  }

  /** Bits 9..55 of a big-endian 64-bit entry (as a double: anything past 2^53 is past EOF anyway). */
  private hostOffset(table: Buffer, at: number): number {
    const hi = table.readUInt32BE(at) & OFFSET_MASK_HI;
    const lo = table.readUInt32BE(at + 4) & 0xfffffe00;
    return hi * 2 ** 32 + (lo >>> 0);
  }

  private async l2Table(l2Offset: number, l1Index: number): Promise<Buffer> {
    const cached = this.l2Cache.get(l2Offset);
    if (cached) return cached;
    const where = `L1 entry ${l1Index}`;
    if (l2Offset % this.header.clusterSize !== 0) throw this.file.fault(where, `L2 table offset ${hex(l2Offset)} is not cluster aligned`);
    if (l2Offset + this.header.clusterSize > this.file.size) {
      throw this.file.fault(where, `points to an L2 table at ${hex(l2Offset)}, past the end of the file (${this.file.size} bytes)`);
    }
    const table = await this.file.readAt(l2Offset, this.header.clusterSize, `L2 table ${l1Index}`);
    this.l2Cache.set(l2Offset, table);
    return table;
  }

  private compressed(entry: bigint, where: string): Cluster {
    const offsetBits = BigInt(62 - (this.header.clusterBits - 8));
    const host = Number(entry & ((1n << offsetBits) - 1n));
    const sectors = Number((entry >> offsetBits) & ((1n << (62n - offsetBits)) - 1n)) + 1;
    if (host >= this.file.size) throw this.file.fault(where, `compressed cluster at ${hex(host)} lies past the end of the file (${this.file.size} bytes)`);
    return { kind: 'compressed', host, size: sectors * 512 - (host % 512), entry };
  }

  private async inflate(cluster: { host: number; size: number }, guestOffset: number): Promise<Buffer> {
    const cached = this.inflated.get(cluster.host);
    if (cached) return cached;
    const what = `compressed cluster at ${hex(cluster.host)} for guest offset ${guestOffset}`;
    const deflated = await this.file.readClamped(cluster.host, cluster.size, what);
    let data: Buffer;
    try {
      data = await inflateRawAsync(deflated, { maxOutputLength: this.header.clusterSize, chunkSize: this.header.clusterSize });
    } catch (cause) {
      throw this.file.fault(what, `does not inflate (${(cause as Error).message})`, undefined, cause);
    }
    if (data.length !== this.header.clusterSize) {
      throw this.file.fault(what, `inflates to ${data.length} bytes, not the cluster size ${this.header.clusterSize}`);
    }
    this.inflated.set(cluster.host, data);
    return data;
  }
}

function resolveBacking(path: string, name: string): string {
  // qemu resolves a relative backing name against the directory of the image that names it.
  return isAbsolute(name) ? name : join(dirname(path), name);
}

function asFormat(file: ImageFile, name: string | undefined): DiskFormat | undefined {
  if (name === undefined) return undefined;
  if (name === 'raw' || name === 'qcow2' || name === 'vmdk') return name;
  throw file.fault('backing format extension', `names "${name.slice(0, 40)}", which is not raw, qcow2 or vmdk`, 'rebase it onto a supported backing file');
}
