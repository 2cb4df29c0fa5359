/**
 * PreparePool on real worker threads: chunks sealed there are the very bytes inline sealing makes;
 * when a worker dies, the seals it held fail at once with a clear error instead of hanging the
 * read, and a new session seals again on the replacement worker. The pool runs its compiled worker
 * script, so this test loads the build (npm test builds before jest).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as PoolModule from '../src/prepare-pool';
import { ChunkPreparer } from '../src/chunk-preparer';
import { Encoding } from '../src/compression';
import { LEVEL_OFF } from '../src/compression-setting';
import { sha256 } from '../src/hashing';
import { newDataKey } from '../src/keys';
import { SenderSession } from '../src/sender-session';
import { CHUNK_MESSAGE_OVERHEAD } from '../src/wire-codec';

const built = join(__dirname, '..', 'dist', 'src', 'prepare-pool.js');
const chunkSize = 64 * 1024;
const identity = { migrationId: 'mig-pool', diskId: 'disk-0', generation: 1 };
const shared = (size: number): Buffer => Buffer.from(new SharedArrayBuffer(size));

describe('PreparePool worker threads', () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: build first (npx tsc -b packages/block-pipeline)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled module is loaded by path
  const { PreparePool } = require(built) as typeof PoolModule;

  it('seals on a worker exactly as inline, measures a chunk at a second level, fails the seals a dead worker held and seals a new session on its replacement', async () => {
    const spawned: Worker[] = [];
    const pool = new PreparePool(1, 1, (script) => {
      const worker = new Worker(script);
      spawned.push(worker);
      return worker;
    });
    try {
      expect(pool.threads).toBe(1);
      const dataKey = newDataKey();
      const text = shared(chunkSize).fill('ferry log line\n');
      const first = new SenderSession(dataKey, identity);
      const sealer = pool.openSealing(first.key, first.params);
      const sealed = await sealer.seal(7, 3, 3 * chunkSize, text, shared(chunkSize + CHUNK_MESSAGE_OVERHEAD));
      const inlineOut = Buffer.alloc(chunkSize + CHUNK_MESSAGE_OVERHEAD);
      const inline = new ChunkPreparer().openSession(first.key, first.params).seal(7, 3, 3 * chunkSize, text, inlineOut, 1);
      expect(sealed.encoding).toBe(Encoding.Zstd);
      expect(sealed.sha256.equals(sha256(text))).toBe(true);
      expect(sealed.ciphertextLength).toBe(inline.frame.ciphertext.length);
      expect(sealed.encoded.equals(inlineOut.subarray(0, inline.encodedLength))).toBe(true);
      // The level is the seal's, not the session's: the same session seals at others, as the inline preparer does.
      for (const [counter, level, encoding] of [[10, LEVEL_OFF, Encoding.Raw], [11, 9, Encoding.Zstd], [12, -5, Encoding.Zstd]] as const) {
        const atLevel = await sealer.seal(counter, 3, 3 * chunkSize, text, shared(chunkSize + CHUNK_MESSAGE_OVERHEAD), level);
        const inlineAtLevel = new ChunkPreparer().openSession(first.key, first.params).seal(counter, 3, 3 * chunkSize, text, inlineOut, level);
        expect([level, atLevel.encoding]).toEqual([level, encoding]);
        expect(atLevel.encoded.equals(inlineOut.subarray(0, inlineAtLevel.encodedLength))).toBe(true);
      }
      // Measured at a second level too: the chunk sealed is the same, the sample's length is what sealing at the second
      // level would have encoded (within the length prefixes' bytes, which may differ by one each), with both timed.
      const lines = shared(chunkSize).fill(Array.from({ length: 2000 }, (_, i) => `${i} ferry ${(i * 7919) % 1000} ok\n`).join(''));
      const plainSeal = new ChunkPreparer().openSession(first.key, first.params).seal(13, 3, 3 * chunkSize, lines, inlineOut, 1).encodedLength;
      for (const sampleLevel of [9, -5, LEVEL_OFF]) {
        const sampled = await sealer.seal(13, 3, 3 * chunkSize, lines, shared(chunkSize + CHUNK_MESSAGE_OVERHEAD), 1, undefined, sampleLevel);
        expect(sampled.encoded.length).toBe(plainSeal);
        const atSampleLevel = new ChunkPreparer().openSession(first.key, first.params).seal(13, 3, 3 * chunkSize, lines, inlineOut, sampleLevel).encodedLength;
        expect(Math.abs(sampled.sample!.length - atSampleLevel)).toBeLessThanOrEqual(3);
        expect(sampled.sample!.sealedMs).toBeGreaterThan(0);
        expect(sampled.sample!.ms).toBeGreaterThan(sampleLevel === LEVEL_OFF ? -1 : 0);
      }
      expect((await sealer.seal(13, 3, 3 * chunkSize, lines, shared(chunkSize + CHUNK_MESSAGE_OVERHEAD), 1)).sample).toBeUndefined();

      // An unshared output moves to the worker and back: the same bytes, in the buffer that came back (the one
      // given is detached meanwhile); a view into a larger buffer cannot move and is refused.
      const expected = Buffer.alloc(chunkSize + CHUNK_MESSAGE_OVERHEAD);
      const expectedLength = new ChunkPreparer().openSession(first.key, first.params).seal(7, 3, 3 * chunkSize, text, expected, 1).encodedLength;
      const unshared = Buffer.allocUnsafeSlow(chunkSize + CHUNK_MESSAGE_OVERHEAD);
      const moved = await sealer.seal(7, 3, 3 * chunkSize, text, unshared);
      expect(unshared.byteLength).toBe(0);
      expect(moved.out.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(moved.out.byteLength).toBe(chunkSize + CHUNK_MESSAGE_OVERHEAD);
      expect(moved.encoded.buffer).toBe(moved.out.buffer);
      expect(moved.encoded.equals(expected.subarray(0, expectedLength))).toBe(true);
      // Used again, as a pool reuses it.
      expect((await sealer.seal(7, 3, 3 * chunkSize, text, moved.out)).encoded.equals(expected.subarray(0, expectedLength))).toBe(true);
      await expect(sealer.seal(7, 3, 3 * chunkSize, text, Buffer.alloc(2 * chunkSize).subarray(8, 8 + chunkSize + CHUNK_MESSAGE_OVERHEAD))).rejects.toThrow(/own their whole ArrayBuffer/);

      // From here the first worker's replies no longer reach the pool, so the next seal is still held when
      // the worker dies, however fast the worker is (it could otherwise answer before terminate() lands).
      spawned[0]!.removeAllListeners('message');
      const held = sealer.seal(8, 4, 4 * chunkSize, shared(chunkSize).fill(randomBytes(chunkSize)), shared(chunkSize + CHUNK_MESSAGE_OVERHEAD));
      await spawned[0]!.terminate();
      await expect(held).rejects.toThrow(/prepare worker 0 stopped .*retries them in a new session/);

      await new Promise((r) => setTimeout(r, 50));
      expect(spawned).toHaveLength(2);
      await expect(sealer.seal(9, 5, 5 * chunkSize, text, shared(chunkSize + CHUNK_MESSAGE_OVERHEAD))).rejects.toThrow(/no sealing session/);
      const second = new SenderSession(dataKey, identity);
      const again = await pool.openSealing(second.key, second.params).seal(0, 0, 0, text, shared(chunkSize + CHUNK_MESSAGE_OVERHEAD));
      expect(again.sha256.equals(sha256(text))).toBe(true);
    } finally {
      await pool.close();
    }
  }, 30_000);
});
