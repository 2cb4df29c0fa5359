/**
 * Splits a TCP byte stream into PDUs. Digests are switched on by the caller between PDUs (they
 * take effect right after login), so PDUs are taken one at a time with `next()`.
 */
import { ByteQueue } from '@ferry/block-pipeline';
import { crc32c } from './crc32c';
import { ahsLengthOf, BHS_LENGTH, dataLengthOf, padded, type Pdu } from './pdu';

/** Why a PDU could not be taken off the stream; the connection must answer and close. */
export class PduStreamError extends Error {
  constructor(
    readonly kind: 'header-digest' | 'data-digest' | 'too-long',
    message: string,
    /** The BHS of the offending PDU, for a Reject (absent when the header itself is damaged). */
    readonly bhs?: Buffer,
  ) {
    super(message);
    this.name = 'PduStreamError';
  }
}

export class PduReader {
  headerDigest = false;
  dataDigest = false;
  /** The largest data segment accepted; larger is a protocol error. */
  maxDataSegment = 8192;
  private readonly queue = new ByteQueue();

  /** Bytes received and not yet taken as a PDU (a partial header or data segment). */
  get pending(): number {
    return this.queue.length;
  }

  push(chunk: Buffer): void {
    this.queue.push(chunk);
  }

  /** The next complete PDU, or undefined if more bytes are needed. */
  next(): Pdu | undefined {
    const headerLength = BHS_LENGTH + (this.headerDigest ? 4 : 0);
    if (this.queue.length < BHS_LENGTH) return undefined;
    const peek = this.queue.peek(BHS_LENGTH);
    const ahs = ahsLengthOf(peek);
    const dataLength = dataLengthOf(peek);
    if (dataLength > this.maxDataSegment) {
      throw new PduStreamError('too-long', `data segment of ${dataLength} bytes exceeds the negotiated MaxRecvDataSegmentLength ${this.maxDataSegment}`, Buffer.from(peek));
    }
    const dataTotal = dataLength ? padded(dataLength) + (this.dataDigest ? 4 : 0) : 0;
    const total = headerLength + ahs + dataTotal;
    if (this.queue.length < total) return undefined;
    const raw = this.queue.take(total);
    const bhs = Buffer.from(raw.subarray(0, BHS_LENGTH));
    const ahsBuf = raw.subarray(BHS_LENGTH, BHS_LENGTH + ahs);
    let at = BHS_LENGTH + ahs;
    if (this.headerDigest) {
      if (crc32c(raw.subarray(0, at)) !== raw.readUInt32LE(at)) throw new PduStreamError('header-digest', 'header digest (CRC32C) mismatch');
      at += 4;
    }
    const data = raw.subarray(at, at + dataLength);
    if (dataLength && this.dataDigest) {
      const digestAt = at + padded(dataLength);
      if (crc32c(raw.subarray(at, digestAt)) !== raw.readUInt32LE(digestAt)) throw new PduStreamError('data-digest', 'data digest (CRC32C) mismatch', bhs);
    }
    return { bhs, ahs: ahsBuf, data };
  }
}

/** The wire form of a PDU: header (+digest), padded data (+digest), as buffers to write in order. */
export function encodePdu(bhs: Buffer, data: Buffer | undefined, headerDigest: boolean, dataDigest: boolean): Buffer[] {
  const parts: Buffer[] = [bhs];
  if (headerDigest) {
    const d = Buffer.allocUnsafe(4);
    d.writeUInt32LE(crc32c(bhs));
    parts.push(d);
  }
  if (data && data.length) {
    parts.push(data);
    const pad = padded(data.length) - data.length;
    const padding = pad ? Buffer.alloc(pad) : undefined;
    if (padding) parts.push(padding);
    if (dataDigest) {
      const d = Buffer.allocUnsafe(4);
      d.writeUInt32LE(crc32c(padding ? [data, padding] : data));
      parts.push(d);
    }
  }
  return parts;
}
