import type { ChunkFrame } from './frames';
import { trackFrameGarbage } from './janitor';

// Hand-written protobuf encoders for the two messages that carry chunk payloads. The generic path
// (protobufjs encode, then Buffer.from, then gRPC's framing copy) allocates and copies every payload
// three times; each 1 MiB allocation also counts as V8 external memory and drags in a major GC every
// ~64 MiB. These encoders write the payload once. Field numbers match proto/ferry/dataplane/v1.

const LEN = 2;
const VARINT = 0;

function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Buffer, at: number, value: number): number {
  while (value >= 128) {
    out[at++] = (value % 128) | 128;
    value = Math.floor(value / 128);
  }
  out[at++] = value;
  return at;
}

type Field = { field: number; varint: number } | { field: number; bytes: Uint8Array };

function fieldsSize(fields: readonly Field[]): number {
  let size = 0;
  for (const f of fields) size += 'bytes' in f ? 1 + varintSize(f.bytes.length) + f.bytes.length : 1 + varintSize(f.varint);
  return size;
}

function writeFields(out: Buffer, at: number, fields: readonly Field[]): number {
  for (const f of fields) {
    if ('bytes' in f) {
      out[at++] = (f.field << 3) | LEN;
      at = writeVarint(out, at, f.bytes.length);
      out.set(f.bytes, at);
      at += f.bytes.length;
    } else {
      out[at++] = (f.field << 3) | VARINT;
      at = writeVarint(out, at, f.varint);
    }
  }
  return at;
}

/** The fields of a ferry.dataplane.v1.SourceChunk. */
export interface SourceChunkFields {
  index: number;
  offset: number;
  length: number;
  zero: boolean;
  data: Uint8Array;
  /** Prepared reads only: the ChunkEncoding of `data` and the plaintext's SHA-256. */
  encoding?: number;
  sha256?: Uint8Array;
  /** Sealed reads only: the encoded SenderMessage carrying the chunk's frame. */
  sealed?: Uint8Array;
}

/** A SourceChunk already encoded (by a prepare worker): sent as these bytes. */
export interface EncodedSourceChunk {
  encoded: Buffer;
}

let scratch = Buffer.alloc(0);

/**
 * Encodes a SourceChunk into a scratch buffer reused by the next call. Only for a gRPC server's
 * responseSerialize: grpc-js copies the result into its framed message synchronously.
 */
export function encodeSourceChunkScratch(chunk: SourceChunkFields | EncodedSourceChunk): Buffer {
  if ('encoded' in chunk) return chunk.encoded;
  const fields: Field[] = [
    { field: 1, varint: chunk.index },
    { field: 2, varint: chunk.offset },
    { field: 3, varint: chunk.length },
    { field: 4, varint: chunk.zero ? 1 : 0 },
    { field: 5, bytes: chunk.data },
  ];
  if (chunk.encoding !== undefined && chunk.sha256 !== undefined) fields.push({ field: 6, varint: chunk.encoding }, { field: 7, bytes: chunk.sha256 });
  if (chunk.sealed !== undefined) fields.push({ field: 8, bytes: chunk.sealed });
  const size = fieldsSize(fields);
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 2 * 1024 * 1024));
  return scratch.subarray(0, writeFields(scratch, 0, fields));
}

function chunkMessageFields(frame: ChunkFrame): Field[] {
  return [
    { field: 1, bytes: frame.sessionId },
    { field: 2, varint: frame.counter },
    { field: 3, varint: frame.index },
    { field: 4, varint: frame.offset },
    { field: 5, varint: frame.length },
    { field: 6, varint: frame.encoding },
    { field: 7, bytes: frame.plaintextSha256 },
    { field: 8, bytes: frame.ciphertext },
    { field: 9, bytes: frame.tag },
  ];
}

/** Bytes of ferry.dataplane.v1.SenderMessage { chunk: frame } beyond the ciphertext itself (a bound). */
export const CHUNK_MESSAGE_OVERHEAD = 256; // also bounds a sealed SourceChunk's extra fields

/** protobuf's sint32 zigzag: small negative numbers stay one byte. */
const zigzag = (value: number): number => (value >= 0 ? value * 2 : -value * 2 - 1);

/**
 * Encodes the ferry.dataplane.v1.SourceChunk of a sealed read into `out` (sized for the frame's
 * ciphertext plus CHUNK_MESSAGE_OVERHEAD): the chunk's place, encoding and plaintext hash, the
 * SenderMessage { chunk: frame } as `sealed` and, when given, the compression level the chunk was
 * sealed at (`compression_level`, 9). `chunkSha256`: the whole chunk's hash when the frame carries only
 * a span of it (default: the frame's own plaintext hash). Returns the encoded length.
 */
export function encodeSealedSourceChunkInto(frame: ChunkFrame, out: Buffer, level?: number, chunkSha256: Buffer = frame.plaintextSha256): number {
  const inner = chunkMessageFields(frame);
  const innerSize = fieldsSize(inner);
  const senderSize = 1 + varintSize(innerSize) + innerSize;
  const outer: Field[] = [
    { field: 1, varint: frame.index },
    { field: 2, varint: frame.offset },
    { field: 3, varint: frame.length },
    { field: 6, varint: frame.encoding },
    { field: 7, bytes: chunkSha256 },
  ];
  if (level !== undefined) outer.push({ field: 9, varint: zigzag(level) });
  const size = fieldsSize(outer) + 1 + varintSize(senderSize) + senderSize;
  if (out.length < size) throw new RangeError(`a ${size}-byte source chunk does not fit a ${out.length}-byte buffer`);
  let at = writeFields(out, 0, outer);
  out[at++] = (8 << 3) | LEN; // SourceChunk.sealed = 8
  at = writeVarint(out, at, senderSize);
  out[at++] = (2 << 3) | LEN; // SenderMessage.chunk = 2
  return writeFields(out, writeVarint(out, at, innerSize), inner);
}

/** Encodes ferry.dataplane.v1.SenderMessage { chunk: frame } into one exactly sized buffer. */
export function encodeChunkMessage(frame: ChunkFrame): Buffer {
  const fields = chunkMessageFields(frame);
  const inner = fieldsSize(fields);
  const out = Buffer.allocUnsafe(1 + varintSize(inner) + inner);
  out[0] = (2 << 3) | LEN; // SenderMessage.chunk = 2
  writeFields(out, writeVarint(out, 1, inner), fields);
  return out;
}

/** A SenderMessage already encoded (by a seal worker): sent as these bytes. */
export interface EncodedSenderMessage {
  wire: Buffer;
}

/**
 * requestSerialize for ChunkReceiver.Transfer: pre-encoded messages go out as they are (grpc-js
 * copies them once into its frame); anything else through the generic encoder `fallback`. Every
 * frame relayed this way is counted towards the process's young collections (trackFrameGarbage).
 */
export function senderMessageSerializer(fallback: (value: unknown) => Buffer): (value: unknown) => Buffer {
  return (value) => {
    const wire = (value as Partial<EncodedSenderMessage> | null)?.wire;
    if (!Buffer.isBuffer(wire)) return fallback(value);
    trackFrameGarbage(wire.length);
    return wire;
  };
}
