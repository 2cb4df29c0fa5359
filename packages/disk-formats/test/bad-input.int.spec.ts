import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { makeImage, makeSourceRaw, makeTempDir, qemuImg, type DiskImageKind } from '@ferry/testing';
import { DiskFormatError, createVmdkWriter, openDisk, type DiskFormat } from '../src';
import { allocations, mutateCopy, probe, probeCleanly, trackAllocations } from './bad-input-helpers';

jest.setTimeout(180_000);

/** Properties mutate real images made by qemu-img (and our streamOptimized writer). */
const SIZE = 2 ** 20 + 9 * 512;
const KINDS: Array<[name: string, kind: DiskImageKind | 'ours-streamOptimized', format: DiskFormat, metadataBytes: number]> = [
  ['qcow2 v2', 'qcow2-v2', 'qcow2', 5 * 65536],
  ['qcow2 v3', 'qcow2-v3', 'qcow2', 5 * 65536],
  ['qcow2 compressed', 'qcow2-compressed', 'qcow2', 5 * 65536],
  ['vmdk monolithicSparse', 'vmdk-monolithicSparse', 'vmdk', 65536],
  ['vmdk streamOptimized (qemu-img)', 'vmdk-streamOptimized', 'vmdk', 65536],
  ['vmdk streamOptimized (ours)', 'ours-streamOptimized', 'vmdk', 65536],
];

let dir: string;
let cleanup: () => Promise<void>;
let untrack: () => void;
const images = new Map<string, { path: string; original: Buffer }>();
let rssBefore = 0;
let case_ = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('ferry-bad-'));
  const raw = join(dir, 'source.raw');
  await makeSourceRaw(raw, SIZE);
  for (const [name, kind] of KINDS) {
    const path = join(dir, `${kind}.img`);
    if (kind === 'ours-streamOptimized') {
      const writer = await createVmdkWriter(path, SIZE, { subformat: 'streamOptimized' });
      const source = await openDisk(raw);
      await writer.write(0, await source.read(0, SIZE));
      await source.close();
      await writer.finish();
    } else await makeImage(raw, kind, path);
    const original = await probe(path);
    if (!original) throw new Error(`${name}: probe read nothing`);
    images.set(name, { path, original });
  }
  rssBefore = process.memoryUsage().rss;
  untrack = trackAllocations();
});

afterAll(async () => {
  untrack?.();
  await cleanup?.();
});

const mutated = () => join(dir, `mutated-${case_++}.img`);

describe.each(KINDS)('%s under mutation', (name, _kind, format, metadataBytes) => {
  it('truncated anywhere: a DiskFormatError naming the file, or (cut past the data) the same disk', async () => {
    const { path, original } = images.get(name)!;
    const fileSize = (await stat(path)).size;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: fileSize - 1 }), async (cut) => {
        const target = await mutateCopy(path, mutated(), (bytes) => bytes.subarray(0, cut));
        const result = await probeCleanly(target, format);
        if (Buffer.isBuffer(result)) expect(result.equals(original)).toBe(true);
        else expect(result).toBeInstanceOf(DiskFormatError);
      }),
      { numRuns: 40 },
    );
  });

  it('random bit flips in headers and tables: a DiskFormatError naming the file, or a readable disk', async () => {
    const { path } = images.get(name)!;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: metadataBytes - 1 }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const target = await mutateCopy(path, mutated(), (bytes) => {
          for (const [at, bit] of flips) if (at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
        });
        await probeCleanly(target, format);
      }),
      { numRuns: 60 },
    );
  });

  it('absurd 32- and 64-bit values in header fields: a DiskFormatError naming the file, or a readable disk', async () => {
    const { path } = images.get(name)!;
    // Field offsets of the qcow2 header (big-endian) and the VMDK sparse header (little-endian).
    const fields = format === 'qcow2' ? [8, 16, 20, 24, 32, 36, 40, 48, 56, 60, 72, 100] : [4, 8, 12, 20, 28, 36, 44, 48, 56, 64, 77];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.bigUintN(64), fc.boolean(), async (at, value, wide) => {
        const target = await mutateCopy(path, mutated(), (bytes) => {
          const low = Number(value & 0xffffffffn);
          if (format === 'qcow2' && wide) bytes.writeBigUInt64BE(value, at);
          else if (format === 'qcow2') bytes.writeUInt32BE(low, at);
          else if (wide) bytes.writeBigUInt64LE(value, at);
          else bytes.writeUInt32LE(low, at);
          // streamOptimized files also carry a footer copy of the header.
          if (format === 'vmdk' && bytes.length > 2048) bytes.writeBigUInt64LE(value, bytes.length - 1024 + Math.min(at, 500));
        });
        await probeCleanly(target, format);
      }),
      { numRuns: 60 },
    );
  });
});

describe('bounded memory across all mutations', () => {
  it('no buffer larger than 8 MiB was allocated and the process grew little', () => {
    expect(allocations.largest).toBeLessThanOrEqual(8 * 2 ** 20);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 2 ** 20);
  });
});

describe('backing chains', () => {
  it('a loop a → b → a is a DiskFormatError naming the loop', async () => {
    const a = join(dir, 'loop-a.qcow2');
    const b = join(dir, 'loop-b.qcow2');
    await qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', 'loop-b.qcow2', '-F', 'qcow2', a, '1M');
    await qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', 'loop-a.qcow2', '-F', 'qcow2', b, '1M');
    await expect(openDisk(a)).rejects.toThrow(/loop-b\.qcow2.*backing chain: loops \(loop-a\.qcow2 → loop-b\.qcow2 → loop-a\.qcow2\)/);
  });

  it('an image that is its own backing file is a loop', async () => {
    const self = join(dir, 'self.qcow2');
    await qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', 'self.qcow2', '-F', 'qcow2', self, '1M');
    await expect(openDisk(self)).rejects.toThrow(/loops \(self\.qcow2 → self\.qcow2\)/);
  });

  it('a backing file outside the image directory is refused unless its directory is allowed', async () => {
    const outside = await makeTempDir('ferry-outside-');
    try {
      const secret = join(outside.dir, 'secret.raw');
      await qemuImg('create', '-q', '-f', 'raw', secret, '1M');
      const top = join(dir, 'escape.qcow2');
      await qemuImg('create', '-q', '-f', 'qcow2', '-b', secret, '-F', 'raw', top, '1M');
      await expect(openDisk(top)).rejects.toThrow(/escape\.qcow2: qcow2 backing file: .*secret\.raw lies outside the allowed directories/);
      const allowed = await openDisk(top, { backingRoots: [dir, outside.dir] });
      expect(allowed.virtualSize).toBe(2 ** 20);
      await allowed.close();
    } finally {
      await outside.cleanup();
    }
  });

  it('a missing backing file names the file and the image that needs it', async () => {
    const orphan = join(dir, 'orphan.qcow2');
    await qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', 'gone.qcow2', '-F', 'qcow2', orphan, '1M');
    await expect(openDisk(orphan)).rejects.toThrow(/gone\.qcow2: qcow2 file: cannot be opened \(backing file of .*orphan\.qcow2\): ENOENT/);
  });
});
