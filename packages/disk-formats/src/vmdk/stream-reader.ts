import { IllegalStateError } from '@ferry/errors';
import { faultsOf } from '../errors';
import { Limits } from '../io/limits';
import type { StreamGrain, VmdkStreamReader } from '../types';
import { ByteQueue } from './byte-queue';
import { decodeSparseHeader, SECTOR } from './sparse-header';
import { inflateGrain } from './sparse-layer';

const MARKER_EOS = 0;
const MARKER_GT = 1;
const MARKER_GD = 2;
const MARKER_FOOTER = 3;
/** Largest metadata block (GD, GT) skipped over, in sectors. */
const MAX_METADATA_SECTORS = Limits.maxTopTableBytes / SECTOR;
/** Largest header + descriptor area before the first grain. */
/** Grains inflating ahead of the consumer (memory: this many grains). */
const INFLATE_AHEAD = 4;
const MAX_OVERHEAD_SECTORS = (16 * 2 ** 20) / SECTOR;

/**
 * Reads a streamOptimized VMDK from a non-seekable stream (an ESXi NFC export, a pipe): the
 * header first (virtual size, grain size), then grains in stream order, each inflated and
 * checked. Grain tables, the directory and the footer are skipped: stream order carries the
 * guest offsets in each grain's marker. Holds one grain at a time.
 * `name` names the stream in errors (e.g. the datastore path of the exported disk).
 */
export async function openVmdkStream(source: AsyncIterable<Buffer | Uint8Array | string>, options: { name: string }): Promise<VmdkStreamReader> {
  const fault = faultsOf(options.name, 'vmdk streamOptimized stream');
  const queue = new ByteQueue(source);
  const first = await queue.read(SECTOR);
  if (!first) throw fault('header', 'the stream ended before the first sector', 'the export was cut short — re-export it');
  const header = decodeSparseHeader(first, fault);
  if (!header.compressed || !header.markers) {
    throw fault('header field flags', `${header.flags.toString(16)} lacks compressed grains and markers: this is not a streamOptimized disk`, 'export the disk as streamOptimized');
  }
  if (header.overHead < 1 || header.overHead > MAX_OVERHEAD_SECTORS) throw fault('header field overHead', `is ${header.overHead} sectors, outside 1..${MAX_OVERHEAD_SECTORS}`);
  const virtualSize = header.capacitySectors * SECTOR;
  const grainBytes = header.grainSectors * SECTOR;
  let iterated = false;

  async function* grains(): AsyncIterable<StreamGrain> {
    if (iterated) throw new IllegalStateError(`${options.name}: the grains of a stream can be read once`);
    iterated = true;
    // Grains inflate in the thread pool a few ahead of the consumer; they are handed out in order.
    const ahead: Array<Promise<StreamGrain>> = [];
    let failure: unknown;
    try {
      for await (const { pending } of parse()) {
        pending.catch(() => undefined); // awaited below; this only avoids an unhandled-rejection report meanwhile
        ahead.push(pending);
        if (ahead.length >= INFLATE_AHEAD) yield await (ahead.shift() as Promise<StreamGrain>);
      }
    } catch (error) {
      failure = error; // the grains read before the fault still count: hand them out first
    }
    while (ahead.length > 0) yield await (ahead.shift() as Promise<StreamGrain>);
    if (failure !== undefined) throw failure;
  }

  /**
   * Walks markers in stream order; yields one inflating grain per grain marker (wrapped, since
   * an async generator would await a bare promise).
   */
  async function* parse(): AsyncIterable<{ pending: Promise<StreamGrain> }> {
    if (!(await queue.skip(header.overHead * SECTOR - SECTOR))) throw fault('header', `the stream ended inside the first ${header.overHead} sectors`, 'the export was cut short — re-export it');
    let seenFooter = false;
    for (;;) {
      const at = queue.position;
      const sector = await queue.read(SECTOR);
      if (!sector) {
        if (seenFooter && (await queue.atEnd())) return; // some exporters stop after the footer
        throw fault(`marker at byte ${at}`, 'the stream ended before the end-of-stream marker', 'the export was cut short — re-export it');
      }
      const value = sector.readBigUInt64LE(0);
      const size = sector.readUInt32LE(8);
      if (size !== 0) {
        yield await readGrain(at, sector, value, size);
        continue;
      }
      const type = sector.readUInt32LE(12);
      if (type === MARKER_EOS) return;
      if (type !== MARKER_GT && type !== MARKER_GD && type !== MARKER_FOOTER) throw fault(`marker at byte ${at}`, `has unknown type ${type}`);
      if (value > BigInt(MAX_METADATA_SECTORS)) throw fault(`marker at byte ${at}`, `announces ${value} sectors of metadata, more than ${MAX_METADATA_SECTORS}`);
      if (!(await queue.skip(Number(value) * SECTOR))) throw fault(`metadata after byte ${at}`, 'the stream ended inside it', 'the export was cut short — re-export it');
      if (type === MARKER_FOOTER) seenFooter = true;
    }
  }

  /** Reads one grain's bytes from the stream now; returns its inflation, still running. */
  async function readGrain(at: number, sector: Buffer, lba: bigint, size: number): Promise<{ pending: Promise<StreamGrain> }> {
    const where = `grain marker at byte ${at}`;
    if (size > 2 * grainBytes + 1024) throw fault(where, `compressed size ${size} is impossible for a ${grainBytes}-byte grain`);
    const offset = Number(lba) * SECTOR;
    if (lba >= BigInt(header.capacitySectors) || lba % BigInt(header.grainSectors) !== 0n) {
      throw fault(where, `sector ${lba} is not a grain start inside the disk (${header.capacitySectors} sectors)`);
    }
    const total = Math.ceil((12 + size) / SECTOR) * SECTOR;
    const rest = total > SECTOR ? await queue.read(total - SECTOR) : Buffer.alloc(0);
    if (!rest) throw fault(where, 'the stream ended inside the grain', 'the export was cut short — re-export it');
    const deflated = Buffer.concat([sector.subarray(12), rest]).subarray(0, size);
    const pending = inflateGrain(deflated, grainBytes, (message, cause) => fault(where, message, undefined, cause)).then((data) => ({
      offset,
      data: offset + grainBytes > virtualSize ? data.subarray(0, virtualSize - offset) : data,
    }));
    return { pending };
  }

  return { virtualSize, grainSize: grainBytes, grains };
}
