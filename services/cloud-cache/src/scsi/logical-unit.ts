/**
 * One SCSI logical unit: decodes a CDB and runs it against a block device, turning every failure
 * into CHECK CONDITION with sense data.
 */
import type { BlockDevice, UnitIdentity } from './block-device';
import * as block from './block-commands';
import { allocationLength, decodeBlockCdb } from './cdb';
import { standardInquiry, vpdPage, type BlockLimits } from './inquiry';
import { modeSense } from './mode-sense';
import { fixedSense, invalidFieldInCdb, invalidOpcode, mediumError, ScsiError, ScsiStatus } from './sense';

/** The outcome of one command: status, data-in (already cut to the allocation length), sense. */
export interface ScsiResult {
  status: number;
  data?: Buffer;
  sense?: Buffer;
}

/** Options of a logical unit. */
export interface LogicalUnitOptions {
  blockSize?: number;
  readOnly?: boolean;
  limits?: Partial<BlockLimits>;
}

const Op = {
  TestUnitReady: 0x00,
  RequestSense: 0x03,
  Read6: 0x08,
  Write6: 0x0a,
  Inquiry: 0x12,
  ModeSense6: 0x1a,
  StartStopUnit: 0x1b,
  ReadCapacity10: 0x25,
  Read10: 0x28,
  Write10: 0x2a,
  WriteVerify10: 0x2e,
  Verify10: 0x2f,
  SyncCache10: 0x35,
  WriteSame10: 0x41,
  Unmap: 0x42,
  ModeSense10: 0x5a,
  Read16: 0x88,
  CompareAndWrite: 0x89,
  Write16: 0x8a,
  WriteVerify16: 0x8e,
  Verify16: 0x8f,
  SyncCache16: 0x91,
  WriteSame16: 0x93,
  ServiceActionIn16: 0x9e,
  ReportLuns: 0xa0,
  Read12: 0xa8,
  Write12: 0xaa,
  WriteVerify12: 0xae,
  Verify12: 0xaf,
} as const;

const cut = (data: Buffer, length: number): Buffer => (data.length > length ? data.subarray(0, length) : data);

export class LogicalUnit {
  readonly blockSize: number;
  readonly blockCount: number;
  readonly readOnly: boolean;
  private readonly ctx: block.BlockContext;
  private cawTail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly device: BlockDevice,
    readonly identity: UnitIdentity,
    /** All LUN numbers of the target, for REPORT LUNS. */
    private readonly allLuns: () => number[],
    options: LogicalUnitOptions = {},
  ) {
    this.blockSize = options.blockSize ?? 512;
    this.blockCount = Math.floor(device.size / this.blockSize);
    this.readOnly = options.readOnly ?? false;
    const granule = device.chunkSize / this.blockSize;
    const limits: BlockLimits = {
      maxCompareAndWriteBlocks: 255,
      maxTransferBlocks: (32 << 20) / this.blockSize,
      optimalTransferBlocks: granule,
      maxUnmapBlocks: 0xffffffff,
      maxUnmapDescriptors: 256,
      unmapGranularityBlocks: granule,
      maxWriteSameBlocks: 0xffffffff,
      ...options.limits,
    };
    this.ctx = {
      device,
      blockSize: this.blockSize,
      blockCount: this.blockCount,
      readOnly: this.readOnly,
      limits,
      atomically: <T>(work: () => Promise<T>): Promise<T> => {
        const run = this.cawTail.then(work, work);
        this.cawTail = run.catch(() => undefined);
        return run;
      },
    };
  }

  /**
   * Bytes of data-out the CDB asks for (the SCSI transfer length), for iSCSI residuals; undefined
   * for commands without data-out.
   */
  dataOutLength(cdb: Buffer): number | undefined {
    const op = cdb[0] as number;
    const blocks = (): number => decodeBlockCdb(cdb).blocks * this.blockSize;
    switch (op) {
      case Op.Write6:
      case Op.Write10:
      case Op.Write12:
      case Op.Write16:
      case Op.WriteVerify10:
      case Op.WriteVerify12:
      case Op.WriteVerify16:
        return blocks();
      case Op.Verify10:
      case Op.Verify12:
      case Op.Verify16: {
        const bytchk = ((cdb[1] as number) >> 1) & 3;
        return bytchk === 1 ? blocks() : bytchk === 3 ? this.blockSize : 0;
      }
      case Op.CompareAndWrite:
        return 2 * (cdb[13] as number) * this.blockSize;
      case Op.WriteSame10:
        return this.blockSize;
      case Op.WriteSame16:
        return ((cdb[1] as number) & 1) !== 0 ? 0 : this.blockSize;
      case Op.Unmap:
        return cdb.readUInt16BE(7);
      default:
        return undefined;
    }
  }

  /** Runs one command. Never throws: failures come back as CHECK CONDITION. */
  async execute(cdb: Buffer, dataOut: Buffer | undefined): Promise<ScsiResult> {
    try {
      const data = await this.dispatch(cdb, dataOut);
      return { status: ScsiStatus.Good, data };
    } catch (error) {
      const scsi = error instanceof ScsiError ? error : mediumError(error instanceof Error ? error.message : String(error));
      return { status: ScsiStatus.CheckCondition, sense: fixedSense(scsi) };
    }
  }

  private async dispatch(cdb: Buffer, dataOut: Buffer | undefined): Promise<Buffer | undefined> {
    const op = cdb[0] as number;
    switch (op) {
      case Op.TestUnitReady:
        return undefined;
      case Op.RequestSense:
        return this.requestSense(cdb);
      case Op.Inquiry:
        return this.inquiry(cdb);
      case Op.ModeSense6:
        return cut(modeSense(cdb, this), allocationLength(cdb, 4, 1));
      case Op.ModeSense10:
        return cut(modeSense(cdb, this), allocationLength(cdb, 7, 2));
      case Op.StartStopUnit:
        return undefined; // a cache volume is always spinning: start and stop change nothing
      case Op.ReadCapacity10:
        return this.readCapacity10(cdb);
      case Op.ServiceActionIn16:
        return this.serviceActionIn16(cdb);
      case Op.Read6:
      case Op.Read10:
      case Op.Read12:
      case Op.Read16:
        return block.read(this.ctx, cdb);
      case Op.Write6:
      case Op.Write10:
      case Op.Write12:
      case Op.Write16:
        return block.write(this.ctx, cdb, dataOut).then(() => undefined);
      case Op.Verify10:
      case Op.Verify12:
      case Op.Verify16:
        return block.verify(this.ctx, cdb, dataOut).then(() => undefined);
      case Op.WriteVerify10:
      case Op.WriteVerify12:
      case Op.WriteVerify16:
        return block.writeAndVerify(this.ctx, cdb, dataOut).then(() => undefined);
      case Op.CompareAndWrite:
        return block.compareAndWrite(this.ctx, cdb, dataOut).then(() => undefined);
      case Op.WriteSame10:
      case Op.WriteSame16:
        return block.writeSame(this.ctx, cdb, dataOut).then(() => undefined);
      case Op.Unmap:
        return block.unmap(this.ctx, cdb, dataOut).then(() => undefined);
      case Op.SyncCache10:
      case Op.SyncCache16:
        return this.device.flush().then(() => undefined);
      case Op.ReportLuns:
        return this.reportLuns(cdb);
      default:
        throw invalidOpcode(op);
    }
  }

  private requestSense(cdb: Buffer): Buffer {
    // Sense is delivered with each failed command (autosense), so nothing is ever pending here.
    const desc = ((cdb[1] as number) & 0x01) !== 0;
    const data = desc ? Buffer.from([0x72, 0, 0, 0, 0, 0, 0, 0]) : fixedSense({ key: 0, asc: 0, ascq: 0 });
    return cut(data, allocationLength(cdb, 4, 1));
  }

  private inquiry(cdb: Buffer): Buffer {
    const evpd = ((cdb[1] as number) & 0x01) !== 0;
    const pageCode = cdb[2] as number;
    const length = allocationLength(cdb, 3, 2);
    if (!evpd && pageCode !== 0) throw invalidFieldInCdb(2, `page code ${pageCode} given without EVPD`);
    if (((cdb[1] as number) & 0x02) !== 0) throw invalidFieldInCdb(1, 'CMDDT is obsolete');
    return cut(evpd ? vpdPage(pageCode, this.identity, this.ctx.limits) : standardInquiry(), length);
  }

  private readCapacity10(cdb: Buffer): Buffer {
    const pmi = ((cdb[8] as number) & 0x01) !== 0;
    if (!pmi && cdb.readUInt32BE(2) !== 0) throw invalidFieldInCdb(2, 'LOGICAL BLOCK ADDRESS must be 0 without PMI');
    const data = Buffer.alloc(8);
    data.writeUInt32BE(Math.min(this.blockCount - 1, 0xffffffff), 0);
    data.writeUInt32BE(this.blockSize, 4);
    return data;
  }

  private serviceActionIn16(cdb: Buffer): Buffer {
    const action = (cdb[1] as number) & 0x1f;
    const length = allocationLength(cdb, 10, 4);
    if (action === 0x10) {
      const data = Buffer.alloc(32);
      data.writeBigUInt64BE(BigInt(this.blockCount - 1), 0);
      data.writeUInt32BE(this.blockSize, 8);
      data[14] = 0xc0; // LBPME: thin provisioned; LBPRZ: unmapped blocks read zero
      return cut(data, length);
    }
    if (action === 0x12) return cut(block.getLbaStatus(this.ctx, cdb), length);
    throw invalidFieldInCdb(1, `SERVICE ACTION IN(16) action 0x${action.toString(16)} is not supported`);
  }

  private reportLuns(cdb: Buffer): Buffer {
    const select = cdb[2] as number;
    if (select > 2 && select < 0x10) throw invalidFieldInCdb(2, `SELECT REPORT 0x${select.toString(16)} is not supported`);
    const luns = select === 1 ? [] : this.allLuns();
    const data = Buffer.alloc(8 + luns.length * 8);
    data.writeUInt32BE(luns.length * 8, 0);
    luns.forEach((lun, i) => {
      if (lun < 256) data[9 + i * 8] = lun;
      else data.writeUInt16BE(0x4000 | lun, 8 + i * 8);
    });
    const length = allocationLength(cdb, 6, 4);
    if (length < 16) throw invalidFieldInCdb(6, `allocation length ${length} is below the minimum of 16`);
    return cut(data, length);
  }
}
