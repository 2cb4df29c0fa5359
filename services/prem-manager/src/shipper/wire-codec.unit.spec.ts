import { randomBytes } from 'node:crypto';
import { ferry } from '@ferry/proto';
import { CHUNK_MESSAGE_OVERHEAD, encodeChunkMessage, encodeSealedSourceChunkInto, encodeSourceChunkScratch, Encoding } from '@ferry/block-pipeline';

const pb = ferry.dataplane.v1;

describe('hand-written payload encoders', () => {
  it('given a chunk frame with large numbers, when encoded, then protobufjs decodes the same SenderMessage', () => {
    const frame = {
      sessionId: randomBytes(16), counter: 2 ** 40 + 5, index: 300_000, offset: 2 ** 45 + 4096, length: 1 << 20,
      encoding: Encoding.Zstd, plaintextSha256: randomBytes(32), ciphertext: randomBytes(70_000), tag: randomBytes(16),
    };
    const decoded = pb.SenderMessage.decode(encodeChunkMessage(frame));
    const chunk = decoded.chunk as ferry.dataplane.v1.ChunkFrame;
    expect(Buffer.from(chunk.sessionId).equals(frame.sessionId)).toBe(true);
    expect(Number(chunk.counter)).toBe(frame.counter);
    expect(chunk.index).toBe(frame.index);
    expect(Number(chunk.offset)).toBe(frame.offset);
    expect(chunk.length).toBe(frame.length);
    expect(chunk.encoding).toBe(pb.ChunkEncoding.CHUNK_ENCODING_ZSTD);
    expect(Buffer.from(chunk.plaintextSha256).equals(frame.plaintextSha256)).toBe(true);
    expect(Buffer.from(chunk.ciphertext).equals(frame.ciphertext)).toBe(true);
    expect(Buffer.from(chunk.tag).equals(frame.tag)).toBe(true);
  });

  it('given source chunks, when encoded into the scratch buffer, then each decodes to its own fields', () => {
    const data = randomBytes(1 << 20);
    const first = pb.SourceChunk.decode(Buffer.from(encodeSourceChunkScratch({ index: 7, offset: 7 << 20, length: data.length, zero: false, data })));
    const zero = pb.SourceChunk.decode(Buffer.from(encodeSourceChunkScratch({ index: 8, offset: 8 << 20, length: 1 << 20, zero: true, data: Buffer.alloc(0) })));
    expect(first.index).toBe(7);
    expect(Number(first.offset)).toBe(7 << 20);
    expect(Buffer.from(first.data).equals(data)).toBe(true);
    expect(zero.zero).toBe(true);
    expect(zero.data.length).toBe(0);
    expect(zero.length).toBe(1 << 20);
  });

  it('given a sealed frame, when encoded as a source chunk into a buffer, then protobufjs decodes its place, hash and the very SenderMessage', () => {
    const frame = {
      sessionId: randomBytes(16), counter: 2 ** 33 + 1, index: 70_000, offset: 70_000 * 2 ** 20, length: 1 << 20,
      encoding: Encoding.Raw, plaintextSha256: randomBytes(32), ciphertext: randomBytes(1 << 20), tag: randomBytes(16),
    };
    const out = Buffer.alloc((1 << 20) + CHUNK_MESSAGE_OVERHEAD);
    const chunk = pb.SourceChunk.decode(out.subarray(0, encodeSealedSourceChunkInto(frame, out)));
    expect(chunk.index).toBe(frame.index);
    expect(Number(chunk.offset)).toBe(frame.offset);
    expect(chunk.length).toBe(frame.length);
    expect(chunk.zero).toBe(false);
    expect(chunk.encoding).toBe(Encoding.Raw);
    expect(Buffer.from(chunk.sha256).equals(frame.plaintextSha256)).toBe(true);
    expect(Buffer.from(chunk.sealed).equals(encodeChunkMessage(frame))).toBe(true);
    expect(() => encodeSealedSourceChunkInto(frame, Buffer.alloc(1 << 20))).toThrow(/does not fit a 1048576-byte buffer/);
  });
});
