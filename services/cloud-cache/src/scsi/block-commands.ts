/**
 * The SBC data commands: READ, WRITE, VERIFY, WRITE AND VERIFY, COMPARE AND WRITE, WRITE SAME,
 * UNMAP, SYNCHRONIZE CACHE and GET LBA STATUS, over a {@link BlockDevice}.
 */
import type { BlockDevice } from './block-device';
import { decodeBlockCdb, requireNoProtection, type BlockCdb } from './cdb';
import type { BlockLimits } from './inquiry';
import {
  invalidFieldInCdb,
  invalidFieldInParameterList,
  lbaOutOfRange,
  miscompare,
  parameterListLengthError,
  writeProtected,
} from './sense';

/** The geometry and policy the commands run under. */
export interface BlockContext {
  device: BlockDevice;
  blockSize: number;
  blockCount: number;
  readOnly: boolean;
  limits: BlockLimits;
  /** Serialises COMPARE AND WRITE against itself so compare-then-write is atomic. */
  atomically<T>(work: () => Promise<T>): Promise<T>;
}

function checkRange(ctx: BlockContext, lba: bigint, blocks: number): void {
  if (lba + BigInt(blocks) > BigInt(ctx.blockCount) || lba >= BigInt(ctx.blockCount)) {
    if (blocks === 0 && lba <= BigInt(ctx.blockCount)) return;
    throw lbaOutOfRange(lba, blocks, ctx.blockCount);
  }
}

function checkTransfer(ctx: BlockContext, d: BlockCdb, lengthByte: number): void {
  checkRange(ctx, d.lba, d.blocks);
  if (d.blocks > ctx.limits.maxTransferBlocks) throw invalidFieldInCdb(lengthByte, `transfer of ${d.blocks} blocks exceeds the maximum of ${ctx.limits.maxTransferBlocks}`);
}

const lengthByteOf = (cdb: Buffer): number => (cdb.length >= 16 ? 10 : cdb.length === 12 ? 6 : cdb.length === 10 ? 7 : 4);

/** Data-out must hold exactly the blocks the CDB names; shorter is a parameter list length error. */
function requireData(dataOut: Buffer | undefined, bytes: number): Buffer {
  if (!dataOut || dataOut.length < bytes) throw parameterListLengthError(`the command needs ${bytes} bytes of data-out but ${dataOut?.length ?? 0} arrived`);
  return dataOut.length === bytes ? dataOut : dataOut.subarray(0, bytes);
}

export async function read(ctx: BlockContext, cdb: Buffer): Promise<Buffer> {
  const d = decodeBlockCdb(cdb);
  requireNoProtection(d);
  checkTransfer(ctx, d, lengthByteOf(cdb));
  if (d.blocks === 0) return Buffer.alloc(0);
  return ctx.device.read(Number(d.lba) * ctx.blockSize, d.blocks * ctx.blockSize);
}

export async function write(ctx: BlockContext, cdb: Buffer, dataOut: Buffer | undefined): Promise<void> {
  const d = decodeBlockCdb(cdb);
  if (ctx.readOnly) throw writeProtected();
  requireNoProtection(d);
  checkTransfer(ctx, d, lengthByteOf(cdb));
  if (d.blocks === 0) return;
  const data = receivedBlocks(ctx, dataOut, d.blocks);
  if (data.length) await ctx.device.write(Number(d.lba) * ctx.blockSize, data, d.fua);
}

/**
 * The whole blocks of data-out that arrived: when the initiator's expected transfer length is
 * shorter than the CDB's, only that much is written (iSCSI reports the overflow as a residual).
 */
function receivedBlocks(ctx: BlockContext, dataOut: Buffer | undefined, blocks: number): Buffer {
  const have = Math.min(dataOut?.length ?? 0, blocks * ctx.blockSize);
  return (dataOut ?? Buffer.alloc(0)).subarray(0, have - (have % ctx.blockSize));
}

function firstDifference(a: Buffer, b: Buffer): number {
  if (a.equals(b)) return -1;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return a.length;
}

/** VERIFY(10/12/16): BYTCHK 0 checks the medium is readable, 1 compares, 3 compares one block against each. */
export async function verify(ctx: BlockContext, cdb: Buffer, dataOut: Buffer | undefined): Promise<void> {
  const d = decodeBlockCdb(cdb);
  requireNoProtection(d);
  const bytchk = ((cdb[1] as number) >> 1) & 0x3;
  if (bytchk === 2) throw invalidFieldInCdb(1, 'BYTCHK 2 is reserved');
  checkTransfer(ctx, d, lengthByteOf(cdb));
  if (d.blocks === 0) return;
  const medium = await ctx.device.read(Number(d.lba) * ctx.blockSize, d.blocks * ctx.blockSize);
  if (bytchk === 0) return;
  const expected = bytchk === 1 ? requireData(dataOut, medium.length) : Buffer.concat(Array(d.blocks).fill(requireData(dataOut, ctx.blockSize)));
  const at = firstDifference(medium, expected);
  if (at >= 0) throw miscompare(at);
}

/** WRITE AND VERIFY: a durable write (the verify of what was just written cannot fail on this medium). */
export async function writeAndVerify(ctx: BlockContext, cdb: Buffer, dataOut: Buffer | undefined): Promise<void> {
  const d = decodeBlockCdb(cdb);
  if (ctx.readOnly) throw writeProtected();
  requireNoProtection(d);
  checkTransfer(ctx, d, lengthByteOf(cdb));
  if (d.blocks === 0) return;
  const data = receivedBlocks(ctx, dataOut, d.blocks);
  if (!data.length) return;
  await ctx.device.write(Number(d.lba) * ctx.blockSize, data, true);
  const back = await ctx.device.read(Number(d.lba) * ctx.blockSize, data.length);
  const at = firstDifference(back, data);
  if (at >= 0) throw miscompare(at);
}

/** COMPARE AND WRITE (SBC-4 §5.3): data-out is N blocks to compare then N blocks to write. */
export async function compareAndWrite(ctx: BlockContext, cdb: Buffer, dataOut: Buffer | undefined): Promise<void> {
  const flags = cdb[1] as number;
  const lba = cdb.readBigUInt64BE(2);
  const blocks = cdb[13] as number;
  if (ctx.readOnly) throw writeProtected();
  if (flags >> 5 !== 0) throw invalidFieldInCdb(1, 'WRPROTECT set but the unit has no protection information');
  if (blocks > ctx.limits.maxCompareAndWriteBlocks) throw invalidFieldInCdb(13, `${blocks} blocks exceed the COMPARE AND WRITE limit of ${ctx.limits.maxCompareAndWriteBlocks}`);
  checkRange(ctx, lba, blocks);
  const bytes = blocks * ctx.blockSize;
  // Checked before the zero-length case: 256 blocks encode as 0 in the one-byte field.
  if ((dataOut?.length ?? 0) !== 2 * bytes) throw invalidFieldInCdb(13, `COMPARE AND WRITE of ${blocks} blocks needs ${2 * bytes} bytes of data-out but ${dataOut?.length ?? 0} arrived`);
  if (blocks === 0 || !dataOut) return;
  await ctx.atomically(async () => {
    const current = await ctx.device.read(Number(lba) * ctx.blockSize, bytes);
    const at = firstDifference(current, dataOut.subarray(0, bytes));
    if (at >= 0) throw miscompare(at);
    await ctx.device.write(Number(lba) * ctx.blockSize, dataOut.subarray(bytes), (flags & 0x08) !== 0);
  });
}

/** WRITE SAME(10/16): one block repeated, or an unmap when UNMAP is set and the block is zero (or NDOB). */
export async function writeSame(ctx: BlockContext, cdb: Buffer, dataOut: Buffer | undefined): Promise<void> {
  const ten = cdb[0] === 0x41;
  const flags = cdb[1] as number;
  const lba = ten ? BigInt(cdb.readUInt32BE(2)) : cdb.readBigUInt64BE(2);
  let blocks = ten ? cdb.readUInt16BE(7) : cdb.readUInt32BE(10);
  const unmap = (flags & 0x08) !== 0;
  const ndob = !ten && (flags & 0x01) !== 0;
  if (ctx.readOnly) throw writeProtected();
  if (flags >> 5 !== 0) throw invalidFieldInCdb(1, 'WRPROTECT set but the unit has no protection information');
  if ((flags & 0x10) !== 0) throw invalidFieldInCdb(1, 'ANCHOR is not supported');
  if (ndob && !unmap) throw invalidFieldInCdb(1, 'NDOB without UNMAP is not supported');
  checkRange(ctx, lba, blocks);
  if (blocks === 0) blocks = ctx.blockCount - Number(lba); // zero means "to the end of the medium" (WSNZ = 0)
  if (blocks > ctx.limits.maxWriteSameBlocks) throw invalidFieldInCdb(ten ? 7 : 10, `${blocks} blocks exceed the WRITE SAME limit of ${ctx.limits.maxWriteSameBlocks}`);
  const pattern = ndob ? Buffer.alloc(ctx.blockSize) : dataOut;
  if (!pattern || pattern.length !== ctx.blockSize) throw parameterListLengthError(`WRITE SAME needs exactly one block (${ctx.blockSize} bytes) of data-out but ${pattern?.length ?? 0} arrived`);
  const offset = Number(lba) * ctx.blockSize;
  const length = blocks * ctx.blockSize;
  // With UNMAP the range is deallocated whatever the pattern (LBPRZ: it then reads as zeros).
  if (unmap || pattern.every((b) => b === 0)) return ctx.device.zero(offset, length, false);
  const step = Math.max(1, Math.floor((4 << 20) / ctx.blockSize));
  const run = Buffer.concat(Array(Math.min(step, blocks)).fill(pattern));
  for (let done = 0; done < length; done += run.length) {
    await ctx.device.write(offset + done, run.subarray(0, Math.min(run.length, length - done)), false);
  }
}

/** UNMAP (SBC-4 §5.32): a parameter list of LBA ranges to deallocate. */
export async function unmap(ctx: BlockContext, cdb: Buffer, dataOut: Buffer | undefined): Promise<void> {
  if (ctx.readOnly) throw writeProtected();
  if (((cdb[1] as number) & 0x01) !== 0) throw invalidFieldInCdb(1, 'ANCHOR is not supported');
  const listLength = cdb.readUInt16BE(7);
  if (listLength === 0) return;
  if (listLength < 8 || !dataOut || dataOut.length < 8) throw parameterListLengthError(`UNMAP parameter list of ${listLength} bytes is shorter than its 8-byte header`);
  const descriptorBytes = Math.min(dataOut.readUInt16BE(2), dataOut.length - 8);
  if (descriptorBytes % 16 !== 0) throw parameterListLengthError(`UNMAP block descriptor data length ${descriptorBytes} is not a multiple of 16`);
  const count = descriptorBytes / 16;
  if (count > ctx.limits.maxUnmapDescriptors) throw invalidFieldInParameterList(`${count} descriptors exceed the limit of ${ctx.limits.maxUnmapDescriptors}`);
  const ranges: Array<[bigint, number]> = [];
  for (let i = 0; i < count; i++) {
    const lba = dataOut.readBigUInt64BE(8 + i * 16);
    const blocks = dataOut.readUInt32BE(16 + i * 16);
    if (blocks > ctx.limits.maxUnmapBlocks) throw invalidFieldInParameterList(`${blocks} blocks exceed the UNMAP limit of ${ctx.limits.maxUnmapBlocks}`);
    checkRange(ctx, lba, blocks);
    ranges.push([lba, blocks]);
  }
  for (const [lba, blocks] of ranges) {
    if (blocks > 0) await ctx.device.zero(Number(lba) * ctx.blockSize, blocks * ctx.blockSize, false);
  }
}

/** GET LBA STATUS (SBC-4 §5.7): mapped/deallocated runs from the starting LBA. */
export function getLbaStatus(ctx: BlockContext, cdb: Buffer): Buffer {
  const start = cdb.readBigUInt64BE(2);
  if (start >= BigInt(ctx.blockCount)) throw lbaOutOfRange(start, 0, ctx.blockCount);
  const allocation = cdb.readUInt32BE(10);
  const maxDescriptors = Math.max(1, Math.min(64, Math.floor((allocation - 8) / 16)));
  const perChunk = ctx.device.chunkSize / ctx.blockSize;
  const descriptors: Buffer[] = [];
  let lba = Number(start);
  while (lba < ctx.blockCount && descriptors.length < maxDescriptors) {
    const chunk = Math.floor(lba / perChunk);
    const state = ctx.device.isDeallocated(chunk);
    let end = Math.min(ctx.blockCount, (chunk + 1) * perChunk);
    while (end < ctx.blockCount && ctx.device.isDeallocated(end / perChunk) === state && end - lba < 0xffffffff - perChunk) {
      end = Math.min(ctx.blockCount, end + perChunk);
    }
    const d = Buffer.alloc(16);
    d.writeBigUInt64BE(BigInt(lba), 0);
    d.writeUInt32BE(end - lba, 8);
    d[12] = state ? 1 : 0;
    descriptors.push(d);
    lba = end;
  }
  const header = Buffer.alloc(8);
  header.writeUInt32BE(4 + descriptors.length * 16, 0);
  return Buffer.concat([header, ...descriptors]);
}
