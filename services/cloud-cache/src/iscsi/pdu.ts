/**
 * iSCSI PDU layout (RFC 7143 §11): a 48-byte Basic Header Segment, optional AHS, optional header
 * digest, a data segment padded to 4 bytes, optional data digest. PDUs stay raw buffers with typed
 * field accessors, because the data path parses tens of thousands of them per second.
 */
export const BHS_LENGTH = 48;
/** The "no tag" value of ITT/TTT fields. */
export const RESERVED_TAG = 0xffffffff;

/** Opcodes an initiator sends (RFC 7143 §11.1.1). */
export const InitiatorOp = {
  NopOut: 0x00,
  ScsiCommand: 0x01,
  TaskManagement: 0x02,
  Login: 0x03,
  Text: 0x04,
  DataOut: 0x05,
  Logout: 0x06,
  Snack: 0x10,
} as const;

/** Opcodes a target sends. */
export const TargetOp = {
  NopIn: 0x20,
  ScsiResponse: 0x21,
  TaskManagementResponse: 0x22,
  LoginResponse: 0x23,
  TextResponse: 0x24,
  DataIn: 0x25,
  LogoutResponse: 0x26,
  R2T: 0x31,
  AsyncMessage: 0x32,
  Reject: 0x3f,
} as const;

/** Reject reasons (RFC 7143 §11.17.1). */
export const RejectReason = {
  DataDigestError: 0x02,
  SnackReject: 0x03,
  ProtocolError: 0x04,
  CommandNotSupported: 0x05,
  ImmediateCommandReject: 0x06,
  TaskInProgress: 0x07,
  InvalidDataAck: 0x08,
  InvalidPduField: 0x09,
  LongOperationReject: 0x0a,
  WaitingForLogout: 0x0c,
} as const;

/** One received or outgoing PDU. */
export interface Pdu {
  /** The 48-byte basic header segment. */
  readonly bhs: Buffer;
  /** Additional header segments (empty for almost every PDU). */
  readonly ahs: Buffer;
  /** The data segment without padding. */
  readonly data: Buffer;
}

export const opcodeOf = (bhs: Buffer): number => (bhs[0] as number) & 0x3f;
export const isImmediate = (bhs: Buffer): boolean => ((bhs[0] as number) & 0x40) !== 0;
export const isFinal = (bhs: Buffer): boolean => ((bhs[1] as number) & 0x80) !== 0;
export const ahsLengthOf = (bhs: Buffer): number => (bhs[4] as number) * 4;
export const dataLengthOf = (bhs: Buffer): number => bhs.readUIntBE(5, 3);
export const ittOf = (bhs: Buffer): number => bhs.readUInt32BE(16);
export const padded = (length: number): number => (length + 3) & ~3;

/** The LUN number in the first-level single-level addressing form (SAM-5 §4.7) that initiators use. */
export function lunOf(bhs: Buffer): number {
  const b0 = bhs[8] as number;
  const method = b0 >> 6;
  if (method === 0) return bhs[9] as number; // peripheral device addressing
  if (method === 1) return ((b0 & 0x3f) << 8) | (bhs[9] as number); // flat space addressing
  return 0xffff; // extended or logical unit addressing: never one of ours
}

/** Encodes a LUN number in the 8-byte form initiators expect back (peripheral or flat addressing). */
export function writeLun(bhs: Buffer, lun: number): void {
  bhs.fill(0, 8, 16);
  if (lun < 256) bhs[9] = lun;
  else {
    bhs[8] = 0x40 | ((lun >> 8) & 0x3f);
    bhs[9] = lun & 0xff;
  }
}

/** A fresh BHS with the opcode, flags byte and data segment length set. */
export function newBhs(opcode: number, flags: number, dataLength: number): Buffer {
  const bhs = Buffer.alloc(BHS_LENGTH);
  bhs[0] = opcode;
  bhs[1] = flags;
  bhs.writeUIntBE(dataLength, 5, 3);
  return bhs;
}
