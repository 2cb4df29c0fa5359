// sent.log, in a transfer's job directory: one 4-byte big-endian chunk index per frame, appended with a plain
// write(2) before the frame goes out, so a kill -9 of prem-manager keeps it. "Frames sent" is its entries,
// "chunks sent" the distinct indexes among them. JobStore writes it and reads it whole; the queue's SentChunks
// reads it as it grows. A kill inside a write can leave a torn last entry: readers take whole entries only.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkIndexSet } from './chunk-index-set';
import { readOrEmpty } from './job-files';

const ENTRY = 4;

/** The sent-log of the job whose directory is `jobDir`. */
export function sentLogPath(jobDir: string): string {
  return join(jobDir, 'sent.log');
}

/** Opens a sent-log for appending: `append` logs one frame of chunk `index`. */
export function appendSentLog(path: string): { append(index: number): void; close(): void } {
  const fd = openSync(path, 'a');
  const entry = Buffer.alloc(ENTRY);
  return {
    append(index: number) {
      entry.writeUInt32BE(index);
      writeSync(fd, entry);
    },
    close: () => closeSync(fd),
  };
}

/** Of a log of `size` bytes, where its whole entries from byte `from` on end. */
export function wholeEntriesEnd(size: number, from: number): number {
  return size - ((size - from) % ENTRY);
}

/** Adds the chunk of every whole entry of `bytes` (read from an entry's start) to `chunks`; returns how many entries. */
export function addSentChunks(bytes: Buffer, chunks: ChunkIndexSet): number {
  const entries = Math.floor(bytes.length / ENTRY);
  for (let i = 0; i < entries; i++) chunks.add(bytes.readUInt32BE(i * ENTRY));
  return entries;
}

/** A whole sent-log: its frames and the distinct chunks among them (none when there is no log). */
export function readSentLog(path: string): { frames: number; chunks: ChunkIndexSet } {
  const chunks = new ChunkIndexSet();
  return { frames: addSentChunks(readOrEmpty(path), chunks), chunks };
}
