/**
 * One SCSI task on a connection, and the collection of its write data: immediate data, the
 * unsolicited burst, then R2T-solicited bursts (RFC 7143 §4.2.5.2, §11.7, §11.8).
 */
import { ValidationError } from '@ferry/errors';

/** One outstanding R2T. */
interface Burst {
  offset: number;
  length: number;
  received: number;
  nextDataSN: number;
}

/** An R2T to send: where and how much. */
export interface R2TRequest {
  ttt: number;
  r2tSN: number;
  offset: number;
  length: number;
}

export class Task {
  aborted = false;
  /** Set once the command runs; TMF waits on it. */
  running: Promise<void> | undefined;
  readonly data: Buffer | undefined;
  private received = 0;
  private unsolicitedDataSN = 0;
  private nextR2TOffset: number;
  private r2tSN = 0;
  private readonly bursts = new Map<number, Burst>();

  constructor(
    readonly itt: number,
    readonly lun: number,
    readonly lunBytes: Buffer,
    readonly cdb: Buffer,
    readonly expectedLength: number,
    readonly isRead: boolean,
    readonly isWrite: boolean,
    /** Bytes the initiator may send without an R2T (immediate + unsolicited Data-Out). */
    readonly unsolicitedEnd: number,
    immediate: Buffer,
  ) {
    this.data = isWrite ? Buffer.alloc(expectedLength) : undefined;
    if (immediate.length) {
      if (!this.data || immediate.length > Math.min(expectedLength, unsolicitedEnd)) {
        throw new ValidationError('immediate data', `${immediate.length} bytes exceed the expected transfer length ${expectedLength} or the first burst`);
      }
      immediate.copy(this.data, 0);
      this.received = immediate.length;
    }
    this.nextR2TOffset = Math.min(unsolicitedEnd, expectedLength);
  }

  /** R2TSNs sent so far (the ExpDataSN of a write's SCSI Response). */
  get r2tCount(): number {
    return this.r2tSN;
  }

  get complete(): boolean {
    return !this.isWrite || this.received >= this.expectedLength;
  }

  /** New R2Ts allowed now, given `maxOutstanding` and `maxBurst`; `nextTtt` allocates transfer tags. */
  solicit(maxOutstanding: number, maxBurst: number, nextTtt: () => number): R2TRequest[] {
    const out: R2TRequest[] = [];
    while (this.bursts.size < maxOutstanding && this.nextR2TOffset < this.expectedLength) {
      const length = Math.min(maxBurst, this.expectedLength - this.nextR2TOffset);
      const request = { ttt: nextTtt(), r2tSN: this.r2tSN++, offset: this.nextR2TOffset, length };
      this.bursts.set(request.ttt, { offset: request.offset, length, received: 0, nextDataSN: 0 });
      this.nextR2TOffset += length;
      out.push(request);
    }
    return out;
  }

  /**
   * Takes one Data-Out PDU. A ValidationError means the PDU breaks the protocol (unknown TTT,
   * DataSN out of order, data outside its burst) and the connection must be dropped.
   */
  acceptData(ttt: number, dataSN: number, offset: number, payload: Buffer, final: boolean): void {
    if (!this.data) throw new ValidationError('Data-Out', `task 0x${this.itt.toString(16)} is not a write`);
    const end = offset + payload.length;
    if (ttt === 0xffffffff) {
      if (dataSN !== this.unsolicitedDataSN) throw new ValidationError('DataSN', `unsolicited DataSN ${dataSN}, expected ${this.unsolicitedDataSN}`);
      if (end > Math.min(this.unsolicitedEnd, this.expectedLength)) throw new ValidationError('Buffer Offset', `unsolicited data to ${end} passes the first burst end ${this.unsolicitedEnd}`);
      this.unsolicitedDataSN++;
    } else {
      const burst = this.bursts.get(ttt);
      if (!burst) throw new ValidationError('TTT', `no outstanding R2T with TTT 0x${ttt.toString(16)}`);
      if (dataSN !== burst.nextDataSN) throw new ValidationError('DataSN', `DataSN ${dataSN} in the burst at ${burst.offset}, expected ${burst.nextDataSN}`);
      if (offset < burst.offset || end > burst.offset + burst.length) throw new ValidationError('Buffer Offset', `data [${offset}, ${end}) lies outside the R2T [${burst.offset}, ${burst.offset + burst.length})`);
      burst.nextDataSN++;
      burst.received += payload.length;
      if (final && burst.received !== burst.length) throw new ValidationError('F bit', `burst at ${burst.offset} ended after ${burst.received} of ${burst.length} bytes`);
      if (burst.received === burst.length) this.bursts.delete(ttt);
    }
    payload.copy(this.data, offset);
    this.received += payload.length;
  }
}
