import { hex } from '../errors';
import type { ImageFile } from '../io/image-file';
import { Limits } from '../io/limits';

export const VMDK_SPARSE_MAGIC = 0x564d444b; // 'KDMV' read little-endian
export const SECTOR = 512;
/** gdOffset value meaning "the grain directory is located through the footer" (streamOptimized). */
export const GD_AT_END = 0xffffffffffffffffn;
export const FLAG_NEWLINE_TEST = 1 << 0;
export const FLAG_ZEROED_GTE = 1 << 2;
export const FLAG_COMPRESSED = 1 << 16;
export const FLAG_MARKERS = 1 << 17;
export const COMPRESSION_DEFLATE = 1;
/** Largest grain we accept (8 MiB) so a grain buffer stays small. */
const MAX_GRAIN_SECTORS = 16384;
const MAX_GTES_PER_GT = 4096;

/** A validated SparseExtentHeader (VMware Virtual Disk Format 5.0, "Hosted Sparse Extent Header"). */
export interface SparseHeader {
  version: number;
  flags: number;
  capacitySectors: number;
  grainSectors: number;
  descriptorOffset: number;
  descriptorSize: number;
  gtesPerGt: number;
  gdOffset: number;
  overHead: number;
  compressed: boolean;
  markers: boolean;
  /** Number of grain directory entries (grain tables) the capacity needs. */
  gdEntries: number;
}

/** Fields as stored, before the footer swap for GD_AT_END. */
export function decodeSparseHeader(buf: Buffer, fault: ImageFile['fault'], where = 'header'): SparseHeader & { gdAtEnd: boolean } {
  const magic = buf.readUInt32LE(0);
  if (magic !== VMDK_SPARSE_MAGIC) throw fault(`${where} magic`, `is ${hex(magic)}, not KDMV`, 'this is not a sparse VMDK extent; check the format');
  const version = buf.readUInt32LE(4);
  if (version < 1 || version > 3) throw fault(`${where} field version`, `is ${version}; only 1..3 exist`);
  const flags = buf.readUInt32LE(8);
  const big = (at: number, name: string): number => {
    const value = buf.readBigUInt64LE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw fault(`${where} field ${name}`, `is ${hex(value)}, beyond any real disk or file`);
    return Number(value);
  };
  const capacitySectors = big(12, 'capacity');
  if (capacitySectors * SECTOR > Limits.maxVirtualSize) throw fault(`${where} field capacity`, `${capacitySectors} sectors exceeds the ${Limits.maxVirtualSize}-byte limit`);
  const grainSectors = big(20, 'grainSize');
  if (grainSectors < 1 || grainSectors > MAX_GRAIN_SECTORS || (grainSectors & (grainSectors - 1)) !== 0) {
    throw fault(`${where} field grainSize`, `is ${grainSectors} sectors; it must be a power of two up to ${MAX_GRAIN_SECTORS}`);
  }
  const gtesPerGt = buf.readUInt32LE(44);
  if (gtesPerGt < 1 || gtesPerGt > MAX_GTES_PER_GT) throw fault(`${where} field numGTEsPerGT`, `is ${gtesPerGt}, outside 1..${MAX_GTES_PER_GT}`);
  const gdRaw = buf.readBigUInt64LE(56);
  const gdAtEnd = gdRaw === GD_AT_END;
  const compressed = (flags & FLAG_COMPRESSED) !== 0;
  const compressAlgorithm = buf.readUInt16LE(77);
  if (compressed && compressAlgorithm !== COMPRESSION_DEFLATE) throw fault(`${where} field compressAlgorithm`, `is ${compressAlgorithm}; only 1 (deflate) exists`);
  return {
    version,
    flags,
    capacitySectors,
    grainSectors,
    descriptorOffset: big(28, 'descriptorOffset'),
    descriptorSize: big(36, 'descriptorSize'),
    gtesPerGt,
    gdOffset: gdAtEnd ? 0 : big(56, 'gdOffset'),
    overHead: big(64, 'overHead'),
    compressed,
    markers: (flags & FLAG_MARKERS) !== 0,
    gdEntries: Math.ceil(capacitySectors / (grainSectors * gtesPerGt)),
    gdAtEnd,
  };
}

/**
 * Reads and validates the header of a sparse extent; for a streamOptimized file whose header
 * says GD_AT_END, the footer (second-to-last sector) supplies the grain directory offset.
 */
export async function readSparseHeader(file: ImageFile): Promise<SparseHeader> {
  if (file.size < SECTOR) throw file.fault('header', `file is ${file.size} bytes, shorter than one sector`);
  let header = decodeSparseHeader(await file.readAt(0, SECTOR, 'header'), file.fault);
  if (header.gdAtEnd) {
    if (file.size < 4 * SECTOR) throw file.fault('footer', `file is ${file.size} bytes, too short to hold a footer`);
    const footerAt = file.size - 2 * SECTOR;
    header = decodeSparseHeader(await file.readAt(footerAt, SECTOR, 'footer'), file.fault, `footer (at ${footerAt})`);
    if (header.gdAtEnd) throw file.fault(`footer (at ${footerAt}) field gdOffset`, 'is still GD_AT_END', 'the export was cut short — re-export it');
  }
  const gdBytes = header.gdEntries * 4;
  if (gdBytes > Limits.maxTopTableBytes) throw file.fault('grain directory', `${header.gdEntries} entries exceeds the ${Limits.maxTopTableBytes}-byte limit`);
  if (header.gdOffset === 0 && header.gdEntries > 0) throw file.fault('header field gdOffset', 'is 0 (no grain directory)');
  if (header.gdOffset * SECTOR + gdBytes > file.size) {
    throw file.fault('header field gdOffset', `grain directory at sector ${header.gdOffset} (${header.gdEntries} entries) lies past the end of the file (${Math.ceil(file.size / SECTOR)} sectors)`);
  }
  return header;
}
