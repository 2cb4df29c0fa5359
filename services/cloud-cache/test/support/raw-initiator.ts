/**
 * A hand-driven iSCSI initiator on a raw socket, for tests of what a misbehaving client can do: it
 * logs in with one Login Request (operational stage straight to full feature, no digests) and then
 * does only what the test tells it, e.g. ignore the target's NOP-In pings or answer them.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const RESERVED = 0xffffffff;

/** One PDU as the target sent it (no digests are negotiated). */
export interface RawPdu {
  opcode: number;
  bhs: Buffer;
  data: Buffer;
}

export class RawInitiator {
  /** Resolves with Date.now() when the socket is closed (by either side). */
  readonly closed: Promise<number>;
  private buffered = Buffer.alloc(0);
  private readonly pdus: RawPdu[] = [];
  private wake: (() => void) | undefined;
  private cmdSN = 1;
  private expStatSN = 0;

  private constructor(readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve(Date.now())));
    socket.on('error', () => undefined); // a reset by the target shows as 'close'
    socket.on('close', () => this.wake?.());
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      for (;;) {
        if (this.buffered.length < 48) break;
        const dataLength = this.buffered.readUIntBE(5, 3);
        const dataAt = 48 + (this.buffered[4] as number) * 4;
        const total = dataAt + ((dataLength + 3) & ~3);
        if (this.buffered.length < total) break;
        const bhs = Buffer.from(this.buffered.subarray(0, 48));
        this.pdus.push({ opcode: (bhs[0] as number) & 0x3f, bhs, data: Buffer.from(this.buffered.subarray(dataAt, dataAt + dataLength)) });
        this.buffered = this.buffered.subarray(total);
      }
      this.wake?.();
    });
  }

  /** Connects to host:port, from `localAddress` when given (e.g. 127.0.0.2 to look like another initiator). */
  static async connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawInitiator> {
    const socket = connect({ port, host, localAddress });
    const initiator = new RawInitiator(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return initiator;
  }

  /** A Login Request for `target` as one PDU; `stage: 'security'` makes it stop half-way (no transit). */
  static loginRequest(target: string, options: { initiator?: string; stage?: 'security' | 'full' } = {}): Buffer {
    const keys = [`InitiatorName=${options.initiator ?? 'iqn.2024-01.io.ferry:raw-initiator'}`, `TargetName=${target}`, 'SessionType=Normal'];
    if (options.stage === 'security') keys.push('AuthMethod=None');
    else keys.push('HeaderDigest=None', 'DataDigest=None');
    const data = Buffer.from(keys.map((k) => `${k}\0`).join(''));
    const bhs = Buffer.alloc(48);
    bhs[0] = 0x43; // immediate Login Request
    bhs[1] = options.stage === 'security' ? 0x00 : 0x87; // security, no transit | T, CSG=operational, NSG=full feature
    bhs.writeUIntBE(data.length, 5, 3);
    bhs[8] = 0x80; // ISID: random qualifier format
    randomBytes(5).copy(bhs, 9);
    bhs.writeUInt32BE(1, 16); // ITT
    bhs.writeUInt32BE(1, 24); // CmdSN
    return Buffer.concat([bhs, data, Buffer.alloc(((data.length + 3) & ~3) - data.length)]);
  }

  /** Logs in to `target` with one PDU and waits for the target's answer; throws unless it is a success into full feature phase. */
  async login(target: string, timeoutMs = 5000): Promise<void> {
    this.socket.write(RawInitiator.loginRequest(target));
    const reply = await this.next(timeoutMs);
    const status = reply.bhs.readUInt16BE(36);
    if (reply.opcode !== 0x23 || status !== 0 || ((reply.bhs[1] as number) & 0x83) !== 0x83) {
      throw new Error(`login to ${target} failed: opcode 0x${reply.opcode.toString(16)}, status 0x${status.toString(16)}`);
    }
    this.expStatSN = (reply.bhs.readUInt32BE(24) + 1) >>> 0;
    this.cmdSN = reply.bhs.readUInt32BE(28);
  }

  /** The next PDU from the target; rejects when the socket closes first or after `timeoutMs`. */
  async next(timeoutMs: number): Promise<RawPdu> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pdu = this.pdus.shift();
      if (pdu) return pdu;
      if (this.socket.destroyed || this.socket.readableEnded) throw new Error('the target closed the connection');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no PDU from the target within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Answers a NOP-In ping as RFC 7143 §11.18 says: immediate NOP-Out, ITT reserved, its LUN and TTT echoed. */
  answer(nopIn: RawPdu): void {
    const bhs = Buffer.alloc(48);
    bhs[0] = 0x40;
    bhs[1] = 0x80;
    nopIn.bhs.copy(bhs, 8, 8, 16);
    bhs.writeUInt32BE(RESERVED, 16);
    bhs.writeUInt32BE(nopIn.bhs.readUInt32BE(20), 20);
    bhs.writeUInt32BE(this.cmdSN, 24);
    bhs.writeUInt32BE(this.expStatSN, 28);
    this.socket.write(bhs);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
