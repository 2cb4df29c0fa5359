import { randomBytes } from 'node:crypto';
import { decompress } from 'zstd-napi';
import { ChunkCompressor, ChunkDecompressor, Encoding } from './compression';
import { LEVEL_OFF } from './compression-setting';

const MiB = 1024 * 1024;

/** A compressible chunk: text-like repetition with some variation. */
function textChunk(seed: number): Buffer {
  const line = Buffer.from(`line ${seed}: the quick brown fox jumps over the lazy dog ${seed * 7}\n`);
  const out = Buffer.alloc(MiB);
  for (let at = 0; at < out.length; at += line.length) line.copy(out, at);
  return out;
}

describe('ChunkCompressor', () => {
  it('gives zstd frames that any decoder restores, at every level', () => {
    for (const level of [-5, -1, 1, 3]) {
      const compressor = new ChunkCompressor(level);
      const plain = textChunk(level + 10);
      const { encoding, payload } = compressor.compress(plain);
      expect(encoding).toBe(Encoding.Zstd);
      expect(payload.length).toBeLessThan(plain.length / 4);
      expect(decompress(payload).equals(plain)).toBe(true);
      const into = Buffer.alloc(MiB);
      expect(new ChunkDecompressor().restoreInto(encoding, payload, into, MiB, 'test').equals(plain)).toBe(true);
    }
  });

  it('reuses its scratch buffer: a zstd payload is valid until the next call', () => {
    const compressor = new ChunkCompressor(1);
    const first = textChunk(1);
    const a = compressor.compress(first);
    const restoredA = decompress(a.payload);
    const b = compressor.compress(textChunk(2));
    expect(b.payload.buffer).toBe(a.payload.buffer);
    expect(restoredA.equals(first)).toBe(true);
    expect(decompress(b.payload).equals(textChunk(2))).toBe(true);
  });

  it('one compressor at changing levels gives, level by level, what a compressor of that level gives', () => {
    const shared = new ChunkCompressor();
    const plain = textChunk(7);
    for (const level of [9, -5, 3, 1, 9, -1, 6, LEVEL_OFF, 1]) {
      const got = shared.compressAt(plain, level);
      const alone = new ChunkCompressor(level).compress(plain);
      expect(got.encoding).toBe(alone.encoding);
      expect(Buffer.from(got.payload).equals(alone.payload)).toBe(true);
    }
  });

  it('sends incompressible chunks raw (the probe decides) and every chunk raw when off', () => {
    const random = randomBytes(MiB);
    const raw = new ChunkCompressor(1).compress(random);
    expect(raw.encoding).toBe(Encoding.Raw);
    expect(raw.payload).toBe(random);
    const text = textChunk(3);
    const off = new ChunkCompressor(LEVEL_OFF).compress(text);
    expect(off.encoding).toBe(Encoding.Raw);
    expect(off.payload).toBe(text);
  });
});
