/** Decoding of the block-command CDB forms (SBC-4 §5): 6, 10, 12 and 16 byte LBA/length layouts. */
import { invalidFieldInCdb } from './sense';

/** The common fields of READ/WRITE/VERIFY/WRITE SAME style CDBs. */
export interface BlockCdb {
  lba: bigint;
  blocks: number;
  /** RDPROTECT/WRPROTECT/VRPROTECT: must be 0 because we keep no protection information. */
  protect: number;
  dpo: boolean;
  fua: boolean;
}

/** Required length of a CDB per opcode group (SAM-5 §5.2). */
export function cdbLength(opcode: number): number {
  const group = opcode >> 5;
  if (group === 0) return 6;
  if (group === 1 || group === 2) return 10;
  if (group === 4) return 16;
  if (group === 5) return 12;
  return 16;
}

/** Decodes LBA and transfer length of a 6/10/12/16-byte block CDB. */
export function decodeBlockCdb(cdb: Buffer): BlockCdb {
  const op = cdb[0] as number;
  const flags = cdb[1] as number;
  const common = { protect: flags >> 5, dpo: (flags & 0x10) !== 0, fua: (flags & 0x08) !== 0 };
  switch (cdbLength(op)) {
    case 6: {
      const blocks = cdb[4] as number;
      // READ(6)/WRITE(6): a zero length means 256 blocks (SBC-4 §5.15).
      return { lba: BigInt(cdb.readUIntBE(1, 3) & 0x1fffff), blocks: blocks === 0 ? 256 : blocks, protect: 0, dpo: false, fua: false };
    }
    case 10:
      return { lba: BigInt(cdb.readUInt32BE(2)), blocks: cdb.readUInt16BE(7), ...common };
    case 12:
      return { lba: BigInt(cdb.readUInt32BE(2)), blocks: cdb.readUInt32BE(6), ...common };
    default:
      return { lba: cdb.readBigUInt64BE(2), blocks: cdb.readUInt32BE(10), ...common };
  }
}

/** Fails with INVALID FIELD IN CDB when protection information is asked for (we format without PI). */
export function requireNoProtection(decoded: BlockCdb): void {
  if (decoded.protect !== 0) throw invalidFieldInCdb(1, `protection field ${decoded.protect} set but the unit has no protection information`);
}

/** The allocation length of a CDB at a given byte offset and width. */
export const allocationLength = (cdb: Buffer, offset: number, width: 1 | 2 | 4): number => cdb.readUIntBE(offset, width);
