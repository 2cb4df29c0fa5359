import { createCipheriv, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress } from 'zstd-napi';
import { IntegrityError } from '@ferry/errors';
import { chunkAad } from '../src/aad';
import { spareAlignedBuffers } from '../src/aligned-buffers';
import { ChunkLanding } from '../src/chunk-landing';
import { Encoding } from '../src/compression';
import { sha256 } from '../src/hashing';
import { counterNonce, newDataKey } from '../src/keys';
import { SenderSession } from '../src/sender-session';
import { TargetWriter } from '../src/target-writer';

const chunkSize = 1 << 20;
// Three full chunks and an odd tail: the tail cannot go through O_DIRECT and takes the buffered path.
const virtualSize = 3 * chunkSize + 1000;
const identity = { migrationId: 'mig-landing', diskId: 'disk-0', generation: 1 };

describe('ChunkLanding on a real file', () => {
  let dir: string;
  let target: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-landing-'));
    target = join(dir, 'disk.raw');
    await writeFile(target, Buffer.alloc(virtualSize, 0xee));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes compressible, random, zero and odd-sized chunks so the file equals the source', async () => {
    const dataKey = newDataKey();
    const sender = new SenderSession(dataKey, identity);
    const source = Buffer.concat([Buffer.alloc(chunkSize, 'ferry log line\n'), randomBytes(chunkSize), Buffer.alloc(chunkSize), randomBytes(1000)]);
    const landing = new ChunkLanding(sender.key, sender.params, target);
    // All four in flight at once, as a worker lands them: more than the writer's buffers, so some wait for one.
    const landed = await Promise.all([0, 1, 2, 3, 0, 1].map((index) => {
      const offset = index * chunkSize;
      const length = Math.min(chunkSize, virtualSize - offset);
      const data = index === 2 ? undefined : source.subarray(offset, offset + length);
      return landing.land(sender.seal({ index, offset, length, data }), true);
    }));
    await landing.close();
    expect(landed.map((l) => l.zero)).toEqual([false, false, true, false, false, false]);
    expect(landed[1]!.sha256.equals(sha256(source.subarray(chunkSize, 2 * chunkSize)))).toBe(true);
    expect((await readFile(target)).equals(source)).toBe(true);
  });

  it('writes a span into the chunk the target holds and answers the whole chunk\'s hash, read back from the file', async () => {
    const sender = new SenderSession(newDataKey(), identity);
    const landing = new ChunkLanding(sender.key, sender.params, target);
    const span = randomBytes(70_000);
    const landed = await landing.land(sender.seal({ index: 1, offset: chunkSize + 5000, length: span.length, data: span }), true, { offset: chunkSize, length: chunkSize });
    await landing.close();
    const expected = Buffer.alloc(chunkSize, 0xee);
    span.copy(expected, 5000);
    expect((await readFile(target)).subarray(chunkSize, 2 * chunkSize).equals(expected)).toBe(true);
    expect(landed).toEqual({ sha256: sha256(expected), zero: false });
  });

  it('keeps a zero range unwritten unless asked, as a fresh sparse target already holds zeros', async () => {
    const sender = new SenderSession(newDataKey(), identity);
    const landing = new ChunkLanding(sender.key, sender.params, target);
    await landing.land(sender.seal({ index: 0, offset: 0, length: chunkSize }), false);
    await landing.close();
    expect((await readFile(target)).subarray(0, chunkSize).every((b) => b === 0xee)).toBe(true);
  });

  it('rejects a zstd payload that restores to more than the announced length, writing nothing', async () => {
    const sender = new SenderSession(newDataKey(), identity);
    // A frame sealed by hand: an authentic tag over a payload of 2 MiB announced as a 1 MiB chunk.
    const plain = Buffer.alloc(2 * chunkSize, 'x');
    const frame = { sessionId: sender.params.sessionId, counter: 0, index: 0, offset: 0, length: chunkSize, encoding: Encoding.Zstd, plaintextSha256: sha256(plain.subarray(0, chunkSize)), ciphertext: Buffer.alloc(0), tag: Buffer.alloc(0) };
    const cipher = createCipheriv('aes-256-gcm', sender.key, counterNonce(0), { authTagLength: 16 });
    cipher.setAAD(chunkAad(sender.params, frame));
    frame.ciphertext = Buffer.concat([cipher.update(compress(plain)), cipher.final()]);
    frame.tag = cipher.getAuthTag();
    const landing = new ChunkLanding(sender.key, sender.params, target);
    await expect(landing.land(frame, true)).rejects.toThrow(IntegrityError);
    await expect(landing.land(frame, true)).rejects.toThrow(/does not decompress into the announced 1048576 bytes/);
    await landing.close();
    expect((await readFile(target)).every((b) => b === 0xee)).toBe(true);
  });
});

/** The open flags of every descriptor this process holds on `path` (from /proc/self/fdinfo). */
async function openFlags(path: string): Promise<number[]> {
  const flags: number[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    if ((await readlink(`/proc/self/fd/${fd}`).catch(() => '')) !== path) continue;
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
    flags.push(parseInt(/flags:\s+([0-7]+)/.exec(info)?.[1] ?? '0', 8));
  }
  return flags;
}

describe('ChunkLanding ordering', () => {
  it('writes two frames of one chunk in the order they came, even with both in flight', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-landing-order-'));
    try {
      const path = join(dir, 'disk.raw');
      await writeFile(path, Buffer.alloc(chunkSize));
      const sender = new SenderSession(newDataKey(), identity);
      const landing = new ChunkLanding(sender.key, sender.params, path);
      const older = randomBytes(chunkSize);
      const newer = randomBytes(chunkSize);
      await Promise.all([older, newer].map((data) => landing.land(sender.seal({ index: 0, offset: 0, length: chunkSize, data }), true)));
      await landing.close();
      expect((await readFile(path)).equals(newer)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('TargetWriter', () => {
  it('lends at most four aligned buffers, writes them directly and other views buffered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-writer-'));
    try {
      const path = join(dir, 'disk.raw');
      await writeFile(path, Buffer.alloc(2 * chunkSize));
      const writer = new TargetWriter(path);
      // One buffered descriptor and one that bypasses the page cache.
      expect((await openFlags(path)).map((f) => (f & constants.O_DIRECT) !== 0).sort()).toEqual([false, true]);
      const lent = await Promise.all([1, 2, 3, 4].map(() => writer.acquire(chunkSize)));
      expect(new Set(lent.map((b) => b.buffer)).size).toBe(4);
      let fifth: Buffer | undefined;
      const waiting = writer.acquire(chunkSize).then((b) => (fifth = b));
      await new Promise((r) => setTimeout(r, 20));
      expect(fifth).toBeUndefined();
      writer.release(lent[0]!);
      await waiting;
      expect(fifth).toBe(lent[0]);
      const bytes = randomBytes(chunkSize);
      bytes.copy(lent[1]!);
      await writer.write(lent[1]!.subarray(0, chunkSize), chunkSize); // aligned: the direct descriptor
      await writer.write(lent[1]!.subarray(512, 512 + 8192), 4096); // a view off the page boundary: buffered
      writer.close();
      const written = await readFile(path);
      expect(written.subarray(chunkSize).equals(bytes)).toBe(true);
      expect(written.subarray(4096, 4096 + 8192).equals(bytes.subarray(512, 512 + 8192))).toBe(true);
      await expect(writer.write(lent[1]!.subarray(0, 4096), 0)).rejects.toThrow(/already closed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("hands its buffers to the thread's next writer when it closes, as the memory behind them is never given back", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-writer-'));
    try {
      const path = join(dir, 'disk.raw');
      await writeFile(path, Buffer.alloc(2 * chunkSize));
      const spareBefore = spareAlignedBuffers();
      const first = new TargetWriter(path);
      const lent = await Promise.all([1, 2, 3].map(() => first.acquire(chunkSize)));
      first.release(lent[0]!);
      first.release(lent[1]!);
      first.close();
      expect(spareAlignedBuffers()).toBe(spareBefore + 2);
      first.release(lent[2]!); // lent when the writer closed: spare once it comes back
      expect(spareAlignedBuffers()).toBe(spareBefore + 3);
      const second = new TargetWriter(path);
      const again = await Promise.all([1, 2, 3].map(() => second.acquire(chunkSize)));
      expect(new Set(again.map((b) => b.buffer))).toEqual(new Set(lent.map((b) => b.buffer)));
      expect(spareAlignedBuffers()).toBe(spareBefore);
      // A longer chunk than the free buffers hold: a free one goes back and a long enough one is lent.
      second.release(again[0]!);
      const longer = await second.acquire(2 * chunkSize);
      expect(longer.length).toBeGreaterThanOrEqual(2 * chunkSize);
      expect(spareAlignedBuffers()).toBe(spareBefore + 1);
      second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
