/** Builders of the target's PDU headers (RFC 7143 §11). Sequence numbers are filled by the connection. */
import { newBhs, RESERVED_TAG, TargetOp } from './pdu';

/** The sequence numbers every target PDU carries at bytes 24..35. */
export interface Numbers {
  statSN: number;
  expCmdSN: number;
  maxCmdSN: number;
}

function stamp(bhs: Buffer, n: Numbers): Buffer {
  bhs.writeUInt32BE(n.statSN >>> 0, 24);
  bhs.writeUInt32BE(n.expCmdSN >>> 0, 28);
  bhs.writeUInt32BE(n.maxCmdSN >>> 0, 32);
  return bhs;
}

/** Residual flags and count for a transfer of `actual` bytes against `expected`. */
export function residualOf(expected: number, actual: number): { flags: number; count: number } {
  if (actual > expected) return { flags: 0x04, count: actual - expected };
  if (actual < expected) return { flags: 0x02, count: expected - actual };
  return { flags: 0, count: 0 };
}

export function scsiResponse(itt: number, status: number, sense: Buffer | undefined, residual: { flags: number; count: number }, expDataSN: number, n: Numbers): { bhs: Buffer; data?: Buffer } {
  let data: Buffer | undefined;
  if (sense) {
    data = Buffer.alloc(2 + sense.length);
    data.writeUInt16BE(sense.length, 0);
    sense.copy(data, 2);
  }
  const bhs = newBhs(TargetOp.ScsiResponse, 0x80 | residual.flags, data?.length ?? 0);
  bhs[3] = status;
  bhs.writeUInt32BE(itt, 16);
  bhs.writeUInt32BE(expDataSN, 36);
  bhs.writeUInt32BE(residual.count, 44);
  return { bhs: stamp(bhs, n), data };
}

/** One Data-In PDU; with `status` it also ends the command (phase collapse). */
export function dataIn(
  itt: number,
  dataSN: number,
  offset: number,
  length: number,
  final: { status: number; residual: { flags: number; count: number } } | undefined,
  n: Numbers,
): Buffer {
  const bhs = newBhs(TargetOp.DataIn, final ? 0x81 | final.residual.flags : 0, length);
  if (final) {
    bhs[3] = final.status;
    bhs.writeUInt32BE(final.residual.count, 44);
  }
  bhs.writeUInt32BE(itt, 16);
  bhs.writeUInt32BE(RESERVED_TAG, 20);
  bhs.writeUInt32BE(dataSN, 36);
  bhs.writeUInt32BE(offset, 40);
  stamp(bhs, n);
  if (!final) bhs.writeUInt32BE(0, 24); // StatSN is reserved without the S bit
  return bhs;
}

export function r2t(lunBytes: Buffer, itt: number, ttt: number, r2tSN: number, offset: number, length: number, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.R2T, 0x80, 0);
  lunBytes.copy(bhs, 8);
  bhs.writeUInt32BE(itt, 16);
  bhs.writeUInt32BE(ttt, 20);
  bhs.writeUInt32BE(r2tSN, 36);
  bhs.writeUInt32BE(offset, 40);
  bhs.writeUInt32BE(length, 44);
  return stamp(bhs, n);
}

export function nopIn(lunBytes: Buffer, itt: number, length: number, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.NopIn, 0x80, length);
  lunBytes.copy(bhs, 8);
  bhs.writeUInt32BE(itt, 16);
  bhs.writeUInt32BE(RESERVED_TAG, 20);
  return stamp(bhs, n);
}

/**
 * A NOP-In ping the initiator must answer with a NOP-Out echoing `ttt` (RFC 7143 §11.19): ITT is the
 * reserved tag, the LUN is LUN 0 and the StatSN is not advanced by it (pass numbers(false)).
 */
export function nopInPing(ttt: number, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.NopIn, 0x80, 0);
  bhs.writeUInt32BE(RESERVED_TAG, 16);
  bhs.writeUInt32BE(ttt >>> 0, 20);
  return stamp(bhs, n);
}

export function taskManagementResponse(itt: number, response: number, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.TaskManagementResponse, 0x80, 0);
  bhs[2] = response;
  bhs.writeUInt32BE(itt, 16);
  return stamp(bhs, n);
}

export function textResponse(itt: number, length: number, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.TextResponse, 0x80, length);
  bhs.writeUInt32BE(itt, 16);
  bhs.writeUInt32BE(RESERVED_TAG, 20);
  return stamp(bhs, n);
}

export function logoutResponse(itt: number, response: number, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.LogoutResponse, 0x80, 0);
  bhs[2] = response;
  bhs.writeUInt32BE(itt, 16);
  return stamp(bhs, n);
}

export function reject(reason: number, rejectedBhs: Buffer, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.Reject, 0x80, rejectedBhs.length);
  bhs[2] = reason;
  bhs.writeUInt32BE(RESERVED_TAG, 16);
  return stamp(bhs, n);
}

export interface LoginResponseFields {
  transit: boolean;
  csg: number;
  nsg: number;
  isid: Buffer;
  tsih: number;
  itt: number;
  status: number;
  dataLength: number;
}

export function loginResponse(f: LoginResponseFields, n: Numbers): Buffer {
  const bhs = newBhs(TargetOp.LoginResponse, (f.transit ? 0x80 : 0) | (f.csg << 2) | f.nsg, f.dataLength);
  f.isid.copy(bhs, 8);
  bhs.writeUInt16BE(f.tsih, 14);
  bhs.writeUInt32BE(f.itt, 16);
  bhs[36] = f.status >> 8;
  bhs[37] = f.status & 0xff;
  return stamp(bhs, n);
}
