import { ValidationError } from '@ferry/errors';
import { ByteQueue } from '../byte-queue';

/**
 * A lean stream: an HTTP/1.1 Upgrade on a gRPC service's own mutual-TLS port, then messages framed as a
 * 4-byte big-endian length and that many bytes of protobuf. Two protocols use it: lean stripes
 * (StripeReply in proto/ferry/dataplane/v1/transfer.proto) and lean ShipChunks (block_source.proto).
 */
export interface LeanProtocol {
  /** The Upgrade token, e.g. ferry-stripe/1. */
  upgrade: string;
  /** The path the upgrade request names. */
  path: string;
}

export const LEAN_STRIPE: LeanProtocol = { upgrade: 'ferry-stripe/1', path: '/ferry.dataplane.v1.ChunkReceiver/LeanStripe' };
export const LEAN_SHIP: LeanProtocol = { upgrade: 'ferry-ship/1', path: '/ferry.dataplane.v1.BlockSource/LeanShipChunks' };
/** The largest message either end takes: a frame of a 64 MiB chunk with room for its header. */
export const LEAN_MAX_MESSAGE = 64 * 1024 * 1024 + 64 * 1024;
/** A length that carries no message: a keepalive, sent by each end every LEAN_KEEPALIVE_MS. */
export const LEAN_KEEPALIVE = 0xffffffff;
/** How often each end of a lean stream says it is alive, and how long a silent peer is waited for. */
export const LEAN_KEEPALIVE_MS = 10_000;
export const LEAN_SILENT_MS = 30_000;

/** The 4-byte length that goes before a message of `length` bytes (0: the end of a stream or stripe). */
export function leanLength(length: number): Buffer {
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32BE(length, 0);
  return header;
}

/** Writes `message` behind its length in one go (one TLS record needs no extra one for the header); false: the socket buffers beyond its mark. */
export function writeLean(socket: { cork(): void; uncork(): void; write(data: Uint8Array, callback?: () => void): boolean }, message: Uint8Array, written?: () => void): boolean {
  socket.cork();
  socket.write(leanLength(message.length));
  const open = socket.write(message, written === undefined ? undefined : () => written());
  socket.uncork();
  return open;
}

/**
 * Cuts a byte stream into its length-prefixed messages (keepalives skipped). Each message is one buffer of its own, copied
 * once from the pieces it came in (as grpc-js joins a message's pieces).
 * An empty message (length 0) is passed on as an empty buffer. A length above `max` breaks the reader:
 * the messages before it are still returned, `broken` names the length, and nothing more is read.
 */
export class LeanFrameReader {
  private readonly queue = new ByteQueue();
  private need = -1;
  /** Why the stream is not a lean stream (a length above the limit); set, the reader takes nothing more. */
  broken: ValidationError | undefined;

  constructor(private readonly max = LEAN_MAX_MESSAGE) {}

  /** Takes `data` and returns the messages it completed, in order. */
  push(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    if (this.broken !== undefined) return out;
    this.queue.push(data);
    for (;;) {
      if (this.need < 0) {
        if (this.queue.length < 4) return out;
        this.need = this.queue.take(4).readUInt32BE(0);
        if (this.need === LEAN_KEEPALIVE) {
          this.need = -1;
          continue;
        }
        if (this.need > this.max) {
          this.broken = new ValidationError('length', `a lean stream message of ${this.need} bytes is above the ${this.max} allowed; the peer does not speak a lean stream (a 4-byte big-endian length, then the message)`);
          return out;
        }
      }
      if (this.queue.length < this.need) return out;
      // Each message owns its memory: its ciphertext may move to a worker thread without detaching the
      // bytes of other messages that came in the same read.
      out.push(this.queue.take(this.need, true));
      this.need = -1;
    }
  }
}

/**
 * Keeps a lean stream's liveness as gRPC's keepalive pings do: a keepalive every LEAN_KEEPALIVE_MS, and
 * `onSilent` once when the peer sent nothing at all (no message, no keepalive) for LEAN_SILENT_MS, which
 * a stopped or cut-off peer does (TCP alone would wait for minutes). Stops when the socket closes.
 */
export function keepLeanAlive(socket: { on(event: 'data' | 'close', listener: () => void): unknown; write(data: Uint8Array): boolean; destroyed: boolean; writableEnded: boolean }, onSilent: () => void, timing = { everyMs: LEAN_KEEPALIVE_MS, silentMs: LEAN_SILENT_MS }): void {
  let heard = Date.now();
  socket.on('data', () => void (heard = Date.now()));
  const timer = setInterval(() => {
    if (socket.destroyed || socket.writableEnded) return clearInterval(timer);
    if (Date.now() - heard > timing.silentMs) {
      clearInterval(timer);
      return onSilent();
    }
    socket.write(leanLength(LEAN_KEEPALIVE));
  }, timing.everyMs);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}
