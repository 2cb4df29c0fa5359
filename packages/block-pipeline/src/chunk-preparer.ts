import { performance } from 'node:perf_hooks';
import { ChunkCompressor } from './compression';
import type { ChunkFrame, SessionParams } from './frames';
import { sha256 } from './hashing';
import { FrameSealer } from './sender-session';
import { encodeSealedSourceChunkInto } from './wire-codec';

/** Bytes [start, start + length) of a chunk, relative to its first byte: the part of it that changed. */
export interface ChunkSpan {
  start: number;
  length: number;
}

/**
 * One session's sealing at the source: hash, compress at `level` (a zstd level or LEVEL_OFF, chosen
 * per chunk), encrypt with the given counter, encode the SourceChunk into `out`. With a `span`, the
 * frame carries only that part of the chunk; the SourceChunk's hash (`chunkSha256`) still covers it whole.
 * With a `sampleLevel`, the same bytes are compressed at that level too, only to measure it (`sample`; the adaptive
 * sender compares levels on the same chunk).
 */
export interface SourceSession {
  seal(counter: number, index: number, offset: number, data: Buffer, out: Buffer, level: number, span?: ChunkSpan, sampleLevel?: number): { frame: ChunkFrame; encodedLength: number; chunkSha256: Buffer; sample?: LevelSampleMeasure };
}

/**
 * A chunk measured at a second level: the encoded length its SourceChunk would have had at that level, and the ms
 * compressing it took at that level and at the level it was sealed at (wall time on the worker's thread, back to back).
 */
export interface LevelSampleMeasure {
  length: number;
  ms: number;
  sealedMs: number;
}

/**
 * The work of a prepare worker (or of PreparePool inline): one compressor for every level, kept because
 * zstd contexts are costly to make (and one per level would hold every level's tables at once), and the
 * sealers of the sessions open on this thread.
 */
export class ChunkPreparer {
  private readonly compressor = new ChunkCompressor();

  openSession(key: Buffer, params: SessionParams): SourceSession {
    const sealer = new FrameSealer(key, params);
    return {
      seal: (counter, index, offset, data, out, level, span, sampleLevel) => {
        const part = span === undefined ? data : data.subarray(span.start, span.start + span.length);
        const started = sampleLevel === undefined ? 0 : performance.now();
        const { encoding, payload } = this.compressor.compressAt(part, level);
        const sealedMs = sampleLevel === undefined ? 0 : performance.now() - started;
        const payloadLength = payload.length;
        const frame = sealer.seal(counter, { index, offset: offset + (span?.start ?? 0), length: part.length, data: payload, encoding, sha256: sha256(part) });
        const chunkSha256 = span === undefined ? frame.plaintextSha256 : sha256(data);
        const encodedLength = encodeSealedSourceChunkInto(frame, out, level, chunkSha256);
        // After the frame is encoded: the sample overwrites the compressor's scratch, where the payload was.
        if (sampleLevel === undefined) return { frame, chunkSha256, encodedLength };
        const sampleStarted = performance.now();
        const sampled = this.compressor.compressAt(part, sampleLevel).payload.length;
        return { frame, chunkSha256, encodedLength, sample: { length: encodedLength - payloadLength + sampled, ms: performance.now() - sampleStarted, sealedMs } };
      },
    };
  }
}
