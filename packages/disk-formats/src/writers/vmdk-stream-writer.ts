import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { ValidationError } from '@ferry/errors';
import { isAllZero } from '../layer';
import type { DiskWriter, VmdkWriterOptions } from '../types';
import { FLAG_COMPRESSED, FLAG_MARKERS, FLAG_NEWLINE_TEST, GD_AT_END, SECTOR, VMDK_SPARSE_MAGIC, COMPRESSION_DEFLATE } from '../vmdk/sparse-header';
import { checkWrite } from './checks';
import { descriptorText } from './vmdk-descriptor';

const GRAIN_SECTORS = 128; // 64 KiB grains, as VMware writes them
const GRAIN_BYTES = GRAIN_SECTORS * SECTOR;
const GTES_PER_GT = 512;
const GT_SECTORS = (GTES_PER_GT * 4) / SECTOR;
const OVERHEAD_SECTORS = 128;
const MARKER_GT = 1;
const MARKER_GD = 2;
const MARKER_FOOTER = 3;
/** Grains deflating at once (bounded memory: this many grain copies). */
const DEFLATE_AHEAD = 4;
const deflateAsync = promisify(deflate);

/** Encodes a SparseExtentHeader for a streamOptimized file. */
function sparseHeader(capacitySectors: number, descriptorSectors: number, gdOffset: bigint): Buffer {
  const header = Buffer.alloc(SECTOR);
  header.writeUInt32LE(VMDK_SPARSE_MAGIC, 0);
  header.writeUInt32LE(3, 4);
  header.writeUInt32LE(FLAG_NEWLINE_TEST | FLAG_COMPRESSED | FLAG_MARKERS, 8);
  header.writeBigUInt64LE(BigInt(capacitySectors), 12);
  header.writeBigUInt64LE(BigInt(GRAIN_SECTORS), 20);
  header.writeBigUInt64LE(1n, 28);
  header.writeBigUInt64LE(BigInt(descriptorSectors), 36);
  header.writeUInt32LE(GTES_PER_GT, 44);
  header.writeBigUInt64LE(0n, 48);
  header.writeBigUInt64LE(gdOffset, 56);
  header.writeBigUInt64LE(BigInt(OVERHEAD_SECTORS), 64);
  header.write('\n \r\n', 73, 'latin1');
  header.writeUInt16LE(COMPRESSION_DEFLATE, 77);
  return header;
}

/** A metadata marker sector: {numSectors, size 0, type}. */
function marker(sectors: number, type: number): Buffer {
  const sector = Buffer.alloc(SECTOR);
  sector.writeBigUInt64LE(BigInt(sectors), 0);
  sector.writeUInt32LE(type, 12);
  return sector;
}

/**
 * streamOptimized VMDK, written strictly sequentially (it can be piped while written): header
 * and embedded descriptor, then deflated grains each behind a {lba,size} marker, a grain table
 * after each 32 MiB of grains, then the grain directory, the footer and the end-of-stream marker.
 * Writes must come in non-decreasing offsets; all-zero grains are left out. Memory: one grain.
 * The file is written strictly in order, so `path` may be a named pipe read by an uploader.
 */
export async function createVmdkStreamWriter(path: string, size: number, options: VmdkWriterOptions): Promise<DiskWriter> {
  if (options.resume) throw new ValidationError('resume', `streamOptimized ${path} is written in one pass and cannot be resumed; start it again or write monolithicFlat`);
  const level = options.compressionLevel ?? 1;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new ValidationError('compressionLevel', `${level} must be an integer 0..9`);
  const capacitySectors = Math.ceil(size / SECTOR);
  const virtualSize = capacitySectors * SECTOR;
  const grains = Math.ceil(capacitySectors / GRAIN_SECTORS);
  const gdEntries = Math.ceil(grains / GTES_PER_GT);
  const descriptor = Buffer.from(descriptorText('streamOptimized', capacitySectors, `RW ${capacitySectors} SPARSE "${basename(path)}"`, options));
  const descriptorSectors = Math.ceil(descriptor.length / SECTOR);
  if (1 + descriptorSectors > OVERHEAD_SECTORS) throw new ValidationError('options', `descriptor of ${path} is too long`);

  const handle: FileHandle = await open(path, 'w');
  let position = 0; // next byte of the file
  const append = async (data: Buffer): Promise<number> => {
    const sector = position / SECTOR;
    const padded = data.length % SECTOR === 0 ? data : Buffer.concat([data, Buffer.alloc(SECTOR - (data.length % SECTOR))]);
    // No positions: the file is written strictly in order, so `path` may also be a FIFO an uploader reads.
    for (let done = 0; done < padded.length; ) done += (await handle.write(padded, done, padded.length - done)).bytesWritten;
    position += padded.length;
    return sector;
  };
  const head = Buffer.alloc(OVERHEAD_SECTORS * SECTOR);
  sparseHeader(capacitySectors, descriptorSectors, GD_AT_END).copy(head);
  descriptor.copy(head, SECTOR);
  await append(head);

  const gd = Buffer.alloc(gdEntries * 4);
  let gt = Buffer.alloc(GTES_PER_GT * 4);
  let gtIndex = 0; // the grain table being filled
  let grainIndex = -1; // the grain in `grain`, -1 before the first write
  const grain = Buffer.alloc(GRAIN_BYTES);
  let lastEnd = 0;
  let state: 'open' | 'finished' | 'aborted' = 'open';

  // Grains deflate in the thread pool, a few at once, and are appended in order.
  const pending: Array<{ index: number; deflated: Promise<Buffer> }> = [];
  const appendOldest = async (): Promise<void> => {
    const next = pending.shift();
    if (!next) return;
    const deflated = await next.deflated;
    const head = Buffer.alloc(12);
    head.writeBigUInt64LE(BigInt(next.index * GRAIN_SECTORS), 0);
    head.writeUInt32LE(deflated.length, 8);
    const sector = await append(Buffer.concat([head, deflated]));
    gt.writeUInt32LE(sector, (next.index % GTES_PER_GT) * 4);
  };
  const drain = async (): Promise<void> => {
    while (pending.length > 0) await appendOldest();
  };
  const flushGrain = async (): Promise<void> => {
    if (grainIndex < 0 || isAllZero(grain)) return;
    const deflated = deflateAsync(Buffer.from(grain), { level });
    deflated.catch(() => undefined); // awaited in appendOldest; this only avoids an unhandled-rejection report meanwhile
    pending.push({ index: grainIndex, deflated });
    if (pending.length >= DEFLATE_AHEAD) await appendOldest();
  };
  /** Emits grain tables up to (not including) `upTo`, so every GD entry points at a table. */
  const flushTablesBefore = async (upTo: number): Promise<void> => {
    if (gtIndex < upTo) await drain();
    for (; gtIndex < upTo; gtIndex++) {
      await append(marker(GT_SECTORS, MARKER_GT));
      gd.writeUInt32LE(await append(gt), gtIndex * 4);
      gt = Buffer.alloc(GTES_PER_GT * 4);
    }
  };
  const moveTo = async (index: number): Promise<void> => {
    if (index === grainIndex) return;
    await flushGrain();
    await flushTablesBefore(Math.floor(index / GTES_PER_GT));
    grain.fill(0);
    grainIndex = index;
  };

  return {
    path,
    virtualSize,
    async write(offset: number, data: Buffer): Promise<void> {
      checkWrite(path, virtualSize, state, offset, data.length);
      if (offset < lastEnd) throw new ValidationError('offset', `streamOptimized ${path} is written in order: ${offset} comes after ${lastEnd}; write ascending offsets`);
      lastEnd = offset + data.length;
      for (let at = 0; at < data.length; ) {
        const index = Math.floor((offset + at) / GRAIN_BYTES);
        const within = (offset + at) % GRAIN_BYTES;
        const span = Math.min(GRAIN_BYTES - within, data.length - at);
        await moveTo(index);
        data.copy(grain, within, at, at + span);
        at += span;
      }
    },
    async finish(): Promise<void> {
      if (state !== 'open') return;
      state = 'finished';
      await flushGrain();
      await drain();
      await flushTablesBefore(gdEntries);
      await append(marker(Math.ceil(gd.length / SECTOR), MARKER_GD));
      const gdSector = await append(gd);
      await append(marker(1, MARKER_FOOTER));
      await append(sparseHeader(capacitySectors, descriptorSectors, BigInt(gdSector)));
      await append(Buffer.alloc(SECTOR)); // end-of-stream marker
      await handle.sync().catch(() => undefined); // a FIFO cannot be synced
      await handle.close();
    },
    async abort(): Promise<void> {
      if (state !== 'open') return;
      state = 'aborted';
      await handle.close();
    },
  };
}
