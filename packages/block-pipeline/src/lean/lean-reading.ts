import type { Duplex } from 'node:stream';
import { keepLeanAlive, LEAN_MAX_MESSAGE, LeanFrameReader } from './lean-frames';

/** What the reader of a lean stream does with what arrives. */
export interface LeanReading {
  /** Each whole message, in order; an empty one is a length of 0 (the end of a call or stripe). */
  message(bytes: Buffer): void;
  /** The bytes are not a lean stream (a length above the limit, named in `error`), after the messages before it; nothing more is read. */
  malformed(error: Error): void;
  /** The peer sent nothing at all, not even a keepalive, for LEAN_SILENT_MS: it is stopped or cut off. */
  silent(): void;
}

/** How readLean reads. */
export interface LeanReadOptions {
  /** false: the reader is done; messages still in the same read are dropped. Default: always open. */
  open?: () => boolean;
  /** The largest message taken (default LEAN_MAX_MESSAGE). */
  max?: number;
}

/**
 * Reads the messages of a lean stream off `socket`, `head` (bytes that came with the upgrade) first, and
 * keeps the stream alive (keepLeanAlive). Reading starts on the next turn of the event loop, so a caller
 * that hands the messages on as events can attach its listeners first; the socket is paused until then,
 * which keeps `head` ahead of what follows it.
 */
export function readLean(socket: Duplex, head: Buffer, reading: LeanReading, options: LeanReadOptions = {}): void {
  const { open = () => true, max = LEAN_MAX_MESSAGE } = options;
  const reader = new LeanFrameReader(max);
  const take = (data: Buffer): void => {
    if (reader.broken !== undefined || !open()) return;
    for (const bytes of reader.push(data)) {
      if (!open()) return;
      reading.message(bytes);
    }
    if (reader.broken !== undefined && open()) reading.malformed(reader.broken);
  };
  socket.pause();
  setImmediate(() => {
    if (socket.destroyed) return;
    socket.on('data', take);
    keepLeanAlive(socket, () => reading.silent());
    if (head.length > 0) take(head);
    socket.resume();
  });
}
