/**
 * SCSI status and sense data (SPC-4 §4.5): every failed command ends in CHECK CONDITION with fixed
 * format sense naming the key and the additional sense code.
 */

export const ScsiStatus = { Good: 0x00, CheckCondition: 0x02, Busy: 0x08, ReservationConflict: 0x18, TaskAborted: 0x40 } as const;

export const SenseKey = {
  NoSense: 0x0,
  NotReady: 0x2,
  MediumError: 0x3,
  IllegalRequest: 0x5,
  UnitAttention: 0x6,
  DataProtect: 0x7,
  AbortedCommand: 0xb,
  Miscompare: 0xe,
} as const;

/** A failed command: sense key, ASC/ASCQ, and optionally the INFORMATION field and a CDB field pointer. */
export class ScsiError extends Error {
  constructor(
    readonly key: number,
    readonly asc: number,
    readonly ascq: number,
    message: string,
    readonly information?: number,
    /** Byte offset into the CDB of the invalid field (sense-key specific field pointer). */
    readonly cdbField?: number,
  ) {
    super(message);
    this.name = 'ScsiError';
  }
}

export const lbaOutOfRange = (lba: bigint | number, blocks: number, capacity: bigint | number): ScsiError =>
  new ScsiError(SenseKey.IllegalRequest, 0x21, 0x00, `LBA ${lba} + ${blocks} blocks exceeds the capacity of ${capacity} blocks`);
export const invalidFieldInCdb = (byte: number, what: string): ScsiError =>
  new ScsiError(SenseKey.IllegalRequest, 0x24, 0x00, `invalid field in CDB byte ${byte}: ${what}`, undefined, byte);
export const invalidOpcode = (opcode: number): ScsiError =>
  new ScsiError(SenseKey.IllegalRequest, 0x20, 0x00, `opcode 0x${opcode.toString(16)} is not supported`, undefined, 0);
export const invalidFieldInParameterList = (what: string): ScsiError =>
  new ScsiError(SenseKey.IllegalRequest, 0x26, 0x00, `invalid field in parameter list: ${what}`);
export const parameterListLengthError = (what: string): ScsiError =>
  new ScsiError(SenseKey.IllegalRequest, 0x1a, 0x00, `parameter list length error: ${what}`);
export const lunNotSupported = (lun: number): ScsiError =>
  new ScsiError(SenseKey.IllegalRequest, 0x25, 0x00, `logical unit ${lun} does not exist on this target`);
export const writeProtected = (): ScsiError => new ScsiError(SenseKey.DataProtect, 0x27, 0x00, 'the logical unit is write protected');
export const miscompare = (offset: number): ScsiError =>
  new ScsiError(SenseKey.Miscompare, 0x1d, 0x00, `miscompare at byte ${offset} of the compared data`, offset);
export const savingNotSupported = (): ScsiError => new ScsiError(SenseKey.IllegalRequest, 0x39, 0x00, 'saving parameters is not supported');
export const mediumError = (what: string): ScsiError => new ScsiError(SenseKey.MediumError, 0x11, 0x00, `unrecovered read error: ${what}`);

/** Fixed-format sense data (response code 0x70), 18 bytes. */
export function fixedSense(error: Pick<ScsiError, 'key' | 'asc' | 'ascq' | 'information' | 'cdbField'>): Buffer {
  const sense = Buffer.alloc(18);
  sense[0] = 0x70;
  sense[2] = error.key & 0x0f;
  if (error.information !== undefined) {
    sense[0] = 0xf0; // VALID: the INFORMATION field means something
    sense.writeUInt32BE(error.information >>> 0, 3);
  }
  sense[7] = 10;
  sense[12] = error.asc;
  sense[13] = error.ascq;
  if (error.cdbField !== undefined) {
    sense[15] = 0xc0; // SKSV and C/D = the field is in the CDB
    sense.writeUInt16BE(error.cdbField, 16);
  }
  return sense;
}
