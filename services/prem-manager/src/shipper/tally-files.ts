// A transfer's tally on disk, next to its job: survives kill -9 of prem-manager.
//   plan.bin      written once per session (fsynced, renamed into place): a 12-byte header (virtual size,
//                 chunk size) then one ChunkFate byte per chunk: what the session planned for each chunk.
//   verified.log  appended at each acknowledgement with a plain write(2), which a kill -9 keeps:
//                 4 bytes per chunk, the index, its top bit set for a zero range.
//   counts.log    appended before each frame is written, one write(2) per frame so a kill -9 keeps all of a
//                 frame's counts or none: source bytes and wire bytes (4 bytes each), then a flag byte (1 when the
//                 source compressed the frame's data), its zstd level (1 signed byte, 0 = off), its plaintext and
//                 its payload bytes (4 bytes each): GetTransfer's sent and compression counts.
//   frames.log, levels.log  the same counts in two files, as a prem-manager before counts.log wrote them; read,
//                 never written, so a job it started keeps its counts.
import { closeSync, openSync, writeSync } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CompressionTally } from './compression-counts';
import { fileStamp, readOrEmpty } from './job-files';
import { TransferTally } from './transfer-tally';

/** Every file the tally is read from: stamp() covers them all, and path() takes no other (but plan.bin's temporary copy). */
const TALLY_FILES = ['plan.bin', 'verified.log', 'counts.log', 'frames.log', 'levels.log'] as const;
type TallyFile = (typeof TALLY_FILES)[number];
const ZERO_FLAG = 0x8000_0000;
const PLAN_HEADER = 12;
const LEVEL_ENTRY = 9;
const COUNTS_ENTRY = 18;

/** How the source compressed one data frame. */
export interface FrameCompression {
  readonly level: number;
  readonly sourceBytes: number;
  readonly payloadBytes: number;
}

/** One frame's entry of counts.log (the layout in the header above), into `entry` of COUNTS_ENTRY bytes. */
function writeCountsEntry(entry: Buffer, sourceBytes: number, wireBytes: number, compression: FrameCompression | undefined): void {
  entry.fill(0);
  entry.writeUInt32BE(sourceBytes, 0);
  entry.writeUInt32BE(wireBytes, 4);
  if (compression === undefined) return;
  entry[8] = 1;
  entry.writeInt8(Math.max(-128, Math.min(127, compression.level)), 9);
  entry.writeUInt32BE(compression.sourceBytes, 10);
  entry.writeUInt32BE(compression.payloadBytes, 14);
}

/*
 * counts.log is read whole entry by whole entry (a torn last one, left by a kill inside its write, is not
 * among them), with plain loops: a 2 TiB disk has 2 million entries, and an object per entry took seconds.
 */

/** The source and wire bytes of every frame counts.log holds. */
function sentInCounts(log: Buffer): { sourceBytes: number; wireBytes: number } {
  let sourceBytes = 0;
  let wireBytes = 0;
  for (let at = 0; at + COUNTS_ENTRY <= log.length; at += COUNTS_ENTRY) {
    sourceBytes += log.readUInt32BE(at);
    wireBytes += log.readUInt32BE(at + 4);
  }
  return { sourceBytes, wireBytes };
}

/** Records into `compression` every frame of counts.log that the source compressed. */
function compressionInCounts(log: Buffer, compression: CompressionTally): void {
  for (let at = 0; at + COUNTS_ENTRY <= log.length; at += COUNTS_ENTRY) {
    if (log[at + 8] === 1) compression.record(log.readInt8(at + 9), log.readUInt32BE(at + 10), log.readUInt32BE(at + 14));
  }
}

/** Records into a live tally and its files at once. */
export interface TallyWriter {
  readonly tally: TransferTally;
  /** A session's plan (see TransferTally.plan), persisted before any of its frames is sent. */
  plan(virtualSize: number, planned: Uint8Array): Promise<void>;
  /** Chunks the receiver holds verified: acknowledged, or in its verified-chunk map when the session opened. */
  verified(indexes: readonly number[], isZero: (index: number) => boolean): void;
  /** One frame about to be written: what was read at the source for it, its bytes on the wire, and how the
   *  source compressed it (none for a zero range or a frame whose level is not known). */
  sent(sourceBytes: number, wireBytes: number, compression?: FrameCompression): void;
  /** The compression counts logged before this writer opened (earlier sessions, before a restart too), read when
   *  it opened: the one tally a transfer's first session here continues. */
  savedCompression(): CompressionTally;
  close(): void;
}

export class TallyFiles {
  constructor(
    private readonly dir: string,
    private readonly chunkSize: number,
  ) {}

  private path(file: TallyFile | 'plan.bin.tmp'): string {
    return join(this.dir, file);
  }

  /** Changes whenever any of the tally's files does (see fileStamp). */
  stamp(): string {
    return TALLY_FILES.map((file) => fileStamp(this.path(file))).join(' ');
  }

  /** The tally as the files have it (a job that never ran a session has an empty one), and into `compression`
   *  (when given) the compression counts, from one reading of each log. */
  load(compression?: CompressionTally): TransferTally {
    const plan = readOrEmpty(this.path('plan.bin'));
    const known = plan.length >= PLAN_HEADER && plan.readUInt32BE(8) === this.chunkSize;
    const tally = new TransferTally(known ? Number(plan.readBigUInt64BE(0)) : 0, this.chunkSize);
    if (known) tally.plan(plan.subarray(PLAN_HEADER));
    const verified = readOrEmpty(this.path('verified.log'));
    for (let at = 0; at + 4 <= verified.length; at += 4) {
      const entry = verified.readUInt32BE(at);
      tally.verified(entry & ~ZERO_FLAG, (entry & ZERO_FLAG) !== 0);
    }
    const frames = readOrEmpty(this.path('frames.log'));
    for (let at = 0; at + 8 <= frames.length; at += 8) tally.sent(frames.readUInt32BE(at), frames.readUInt32BE(at + 4));
    const counts = readOrEmpty(this.path('counts.log'));
    const sent = sentInCounts(counts);
    tally.sent(sent.sourceBytes, sent.wireBytes);
    if (compression !== undefined) this.readCompression(compression, counts);
    return tally;
  }

  /** Records into `compression` what levels.log and the given counts.log hold. */
  private readCompression(compression: CompressionTally, counts: Buffer): void {
    const levels = readOrEmpty(this.path('levels.log'));
    for (let at = 0; at + LEVEL_ENTRY <= levels.length; at += LEVEL_ENTRY) compression.record(levels.readInt8(at), levels.readUInt32BE(at + 1), levels.readUInt32BE(at + 5));
    compressionInCounts(counts, compression);
  }

  /** Loads the tally and the compression counts (counts.log read once for both), and opens the logs for appending. */
  open(): TallyWriter {
    const saved = new CompressionTally();
    const tally = this.load(saved);
    const verifiedFd = openSync(this.path('verified.log'), 'a');
    const countsFd = openSync(this.path('counts.log'), 'a');
    const frame = Buffer.alloc(COUNTS_ENTRY);
    return {
      tally,
      plan: async (virtualSize, planned) => {
        const header = Buffer.alloc(PLAN_HEADER);
        header.writeBigUInt64BE(BigInt(virtualSize), 0);
        header.writeUInt32BE(this.chunkSize, 8);
        const tmp = this.path('plan.bin.tmp');
        await writeFile(tmp, Buffer.concat([header, planned]));
        const handle = await open(tmp, 'r');
        await handle.sync();
        await handle.close();
        await rename(tmp, this.path('plan.bin'));
        tally.resize(virtualSize);
        tally.plan(planned);
      },
      verified: (indexes, isZero) => {
        const fresh = indexes.filter((index) => !tally.isVerified(index));
        if (fresh.length === 0) return;
        const entries = Buffer.alloc(fresh.length * 4);
        fresh.forEach((index, i) => {
          const zero = isZero(index);
          entries.writeUInt32BE((index | (zero ? ZERO_FLAG : 0)) >>> 0, i * 4);
          tally.verified(index, zero);
        });
        writeSync(verifiedFd, entries);
      },
      sent: (sourceBytes, wireBytes, compression) => {
        writeCountsEntry(frame, sourceBytes, wireBytes, compression);
        writeSync(countsFd, frame);
        tally.sent(sourceBytes, wireBytes);
      },
      savedCompression: () => saved,
      close: () => {
        closeSync(verifiedFd);
        closeSync(countsFd);
      },
    };
  }
}
