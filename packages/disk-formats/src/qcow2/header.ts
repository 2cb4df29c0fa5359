import { hex } from '../errors';
import type { ImageFile } from '../io/image-file';
import { Limits } from '../io/limits';

export const QCOW2_MAGIC = 0x514649fb; // 'QFI\xfb'
const EXT_END = 0x00000000;
const EXT_BACKING_FORMAT = 0xe2792aca;
const EXT_DATA_FILE = 0x44415441;

/** Incompatible feature bits we understand (qcow2.txt, "incompatible_features"). */
const INCOMPAT_DIRTY = 1n << 0n;
const INCOMPAT_CORRUPT = 1n << 1n;
const INCOMPAT_DATA_FILE = 1n << 2n;
const INCOMPAT_COMPRESSION = 1n << 3n;
const INCOMPAT_EXTENDED_L2 = 1n << 4n;

/** The validated qcow2 header: every number checked against the file size and Limits. */
export interface Qcow2Header {
  version: 2 | 3;
  clusterBits: number;
  clusterSize: number;
  virtualSize: number;
  l1Size: number;
  l1Offset: number;
  backingFile?: string;
  backingFormat?: string;
}

/** Reads a 64-bit big-endian field as a safe integer or throws naming it. */
function u64(file: ImageFile, header: Buffer, at: number, name: string): number {
  const value = header.readBigUInt64BE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw file.fault(`header field ${name}`, `is ${hex(value)}, beyond any real disk or file`);
  return Number(value);
}

/** Parses and validates the header (and header extensions) of a qcow2 image. */
export async function readQcow2Header(file: ImageFile): Promise<Qcow2Header> {
  if (file.size < 72) throw file.fault('header', `file is ${file.size} bytes, shorter than a qcow2 header (72)`);
  const head = await file.readAt(0, Math.min(file.size, 512), 'header');
  const magic = head.readUInt32BE(0);
  if (magic !== QCOW2_MAGIC) throw file.fault('header magic', `is ${hex(magic)}, not QFI\\xfb`, 'this is not a qcow2 image; check the format');
  const version = head.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw file.fault('header field version', `is ${version}; only versions 2 and 3 exist`, 'convert it with a current qemu-img');
  const clusterBits = head.readUInt32BE(20);
  if (clusterBits < 9 || clusterBits > 21) throw file.fault('header field cluster_bits', `is ${clusterBits}, outside 9..21`);
  const clusterSize = 2 ** clusterBits;
  const virtualSize = u64(file, head, 24, 'size');
  if (virtualSize > Limits.maxVirtualSize) throw file.fault('header field size', `${virtualSize} bytes exceeds the ${Limits.maxVirtualSize}-byte limit`);
  const cryptMethod = head.readUInt32BE(32);
  if (cryptMethod !== 0) throw file.fault('header field crypt_method', `is ${cryptMethod} (encrypted)`, 'decrypt it with qemu-img convert first');
  const l1Size = head.readUInt32BE(36);
  const l1Offset = u64(file, head, 40, 'l1_table_offset');
  const l2Entries = clusterSize / 8;
  const needed = Math.ceil(virtualSize / (clusterSize * l2Entries));
  if (l1Size < needed) throw file.fault('header field l1_size', `is ${l1Size}, but size ${virtualSize} needs ${needed} entries`);
  if (l1Size * 8 > Limits.maxTopTableBytes) throw file.fault('header field l1_size', `${l1Size} entries exceeds the ${Limits.maxTopTableBytes}-byte L1 limit`);
  if (l1Offset % clusterSize !== 0) throw file.fault('header field l1_table_offset', `${hex(l1Offset)} is not cluster aligned`);
  if (needed > 0 && l1Offset + needed * 8 > file.size) {
    throw file.fault('header field l1_table_offset', `L1 table at ${hex(l1Offset)} (${needed} entries) lies past the end of the file (${file.size} bytes)`);
  }

  let headerLength = 72;
  if (version === 3) {
    if (head.length < 104) throw file.fault('header', `file is ${file.size} bytes, shorter than a v3 header (104)`);
    headerLength = head.readUInt32BE(100);
    if (headerLength < 104 || headerLength > Math.min(clusterSize, head.length)) throw file.fault('header field header_length', `is ${headerLength}, outside 104..${Math.min(clusterSize, 512)}`);
    checkFeatures(file, head.readBigUInt64BE(72), headerLength > 104 ? head.readUInt8(104) : 0);
  }

  const header: Qcow2Header = { version, clusterBits, clusterSize, virtualSize, l1Size, l1Offset };
  const backingOffset = u64(file, head, 8, 'backing_file_offset');
  const backingSize = head.readUInt32BE(16);
  if (backingOffset !== 0) {
    if (backingSize === 0 || backingSize > 1023) throw file.fault('header field backing_file_size', `is ${backingSize}, outside 1..1023`);
    const name = await file.readAt(backingOffset, backingSize, 'backing file name');
    header.backingFile = name.toString('utf8');
  }
  await readExtensions(file, header, headerLength);
  return header;
}

function checkFeatures(file: ImageFile, incompatible: bigint, compressionType: number): void {
  if (incompatible & INCOMPAT_DATA_FILE) throw file.fault('incompatible feature "external data file"', 'is set; guest data lives in another file', 'convert it with qemu-img convert first');
  if (incompatible & INCOMPAT_EXTENDED_L2) throw file.fault('incompatible feature "extended L2"', 'is set; subcluster allocation is not read here', 'convert it with qemu-img convert first');
  if (incompatible & INCOMPAT_COMPRESSION && compressionType !== 0) {
    throw file.fault('header field compression_type', `is ${compressionType} (zstd); only zlib is read here`, 'convert it with qemu-img convert first');
  }
  const known = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_COMPRESSION;
  const unknown = incompatible & ~known;
  if (unknown) throw file.fault('header field incompatible_features', `has unknown bits ${hex(unknown)}`, 'convert it with a current qemu-img');
}

/** Walks header extensions (8-byte aligned) inside the first cluster for the backing format. */
async function readExtensions(file: ImageFile, header: Qcow2Header, headerLength: number): Promise<void> {
  const areaEnd = Math.min(header.clusterSize, file.size);
  let at = headerLength;
  while (at + 8 <= areaEnd) {
    const head = await file.readAt(at, 8, `header extension at ${at}`);
    const type = head.readUInt32BE(0);
    const length = head.readUInt32BE(4);
    if (type === EXT_END) return;
    if (at + 8 + length > areaEnd) throw file.fault(`header extension ${hex(type)} at ${at}`, `length ${length} runs past the first cluster`);
    if (type === EXT_BACKING_FORMAT && length <= Limits.maxBackingNameBytes) {
      header.backingFormat = (await file.readAt(at + 8, length, 'backing format extension')).toString('utf8');
    }
    if (type === EXT_DATA_FILE) throw file.fault('header extension "external data file"', 'is present', 'convert it with qemu-img convert first');
    at += 8 + Math.ceil(length / 8) * 8;
  }
}
