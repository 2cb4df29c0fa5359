import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { makeImage, makeSourceRaw, makeTempDir } from '@ferry/testing';
import { DiskFormatError, openVmdkStream } from '../src';
import { mutateCopy, probe } from './bad-input-helpers';

jest.setTimeout(120_000);

/** Named faults the issue lists, each on a real qemu-img image, with the message a user gets. */
const SIZE = 2 ** 20 + 9 * 512;
let dir: string;
let cleanup: () => Promise<void>;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('ferry-cases-'));
  await makeSourceRaw(path('source.raw'), SIZE);
  await makeImage(path('source.raw'), 'qcow2-v3', path('v3.qcow2'));
  await makeImage(path('source.raw'), 'qcow2-compressed', path('c.qcow2'));
  await makeImage(path('source.raw'), 'vmdk-monolithicSparse', path('sparse.vmdk'));
  await makeImage(path('source.raw'), 'vmdk-streamOptimized', path('stream.vmdk'));
  await makeImage(path('source.raw'), 'vmdk-monolithicFlat', path('flat.vmdk'));
});
afterAll(async () => cleanup?.());

/** The first allocated entry of the first L2 table of a qcow2 file: its byte position. */
function firstL2Entry(bytes: Buffer): number {
  const l1 = Number(bytes.readBigUInt64BE(40));
  const l2 = Number(bytes.readBigUInt64BE(l1) & 0x00fffffffffffe00n);
  for (let at = l2; at < l2 + 65536; at += 8) if (bytes.readBigUInt64BE(at) !== 0n) return at;
  throw new Error('no allocated L2 entry');
}

/** The first allocated grain table entry of a sparse VMDK: its byte position. */
function firstGte(bytes: Buffer): number {
  const gt = bytes.readUInt32LE(Number(bytes.readBigUInt64LE(56)) * 512) * 512;
  for (let at = gt; at < gt + 2048; at += 4) if (bytes.readUInt32LE(at) > 1) return at;
  throw new Error('no allocated grain');
}

async function expectFault(file: string, pattern: RegExp, format?: 'qcow2' | 'vmdk' | 'raw'): Promise<void> {
  const error = await probe(file, format).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DiskFormatError);
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(pattern);
}

describe('qcow2 faults', () => {
  it('bad magic when qcow2 is insisted on', async () => {
    const file = await mutateCopy(path('v3.qcow2'), path('magic.qcow2'), (b) => void b.write('XXXX', 0));
    await expectFault(file, /qcow2 header magic: is 0x58585858, not QFI/, 'qcow2');
  });

  it('an absurd virtual size', async () => {
    const file = await mutateCopy(path('v3.qcow2'), path('huge.qcow2'), (b) => void b.writeBigUInt64BE(2n ** 50n, 24));
    await expectFault(file, /header field size: 1125899906842624 bytes exceeds the 70368744177664-byte limit/);
  });

  it('an L2 entry pointing past the end of the file', async () => {
    const file = await mutateCopy(path('v3.qcow2'), path('l2.qcow2'), (b) => void b.writeBigUInt64BE((1n << 63n) | (1n << 40n), firstL2Entry(b)));
    await expectFault(file, /L2 entry \d+ of L2 table 0 \(at 0x[0-9a-f]+\): points to 0x10000000000, past the end of the file/);
  });

  it('a compressed cluster that does not inflate', async () => {
    const file = await mutateCopy(path('c.qcow2'), path('inflate.qcow2'), (b) => {
      const entry = b.readBigUInt64BE(firstL2Entry(b));
      const host = Number(entry & ((1n << 54n) - 1n));
      b.fill(0, host, host + 512);
    });
    await expectFault(file, /compressed cluster at 0x[0-9a-f]+ for guest offset \d+: does not inflate/);
  });

  it('truncated inside the data', async () => {
    const file = await mutateCopy(path('v3.qcow2'), path('cut.qcow2'), (b) => b.subarray(0, b.length - 70_000));
    await expectFault(file, /past the end of the file/);
  });
});

describe('vmdk faults', () => {
  it('a grain table entry pointing past the end of the file', async () => {
    const file = await mutateCopy(path('sparse.vmdk'), path('gte.vmdk'), (b) => void b.writeUInt32LE(9_999_999, firstGte(b)));
    await expectFault(file, /vmdk grain table 0 entry \d+: points to sector 9999999, past the end of the file \(\d+ sectors\)/);
  });

  it('an absurd capacity', async () => {
    const file = await mutateCopy(path('sparse.vmdk'), path('cap.vmdk'), (b) => void b.writeBigUInt64LE(2n ** 50n, 12));
    await expectFault(file, /header field capacity: 1125899906842624 sectors exceeds/);
  });

  it('a flat extent shorter than the descriptor says', async () => {
    await mutateCopy(path('flat-flat.vmdk'), path('flat-flat.vmdk'), (b) => b.subarray(0, 4096));
    await expectFault(path('flat.vmdk'), /descriptor extent 0 \(FLAT "flat-flat\.vmdk"\): needs \d+ bytes but .* has 4096/);
  });

  it('a descriptor naming a file outside the image directory as an extent is refused', async () => {
    await writeFile(path('escape.vmdk'), 'createType="monolithicFlat"\nRW 1 FLAT "/etc/hostname" 0\n');
    await expectFault(path('escape.vmdk'), /descriptor extent 0 \(FLAT "\/etc\/hostname"\): \/etc\/hostname lies outside the allowed directories/);
  });

  it('a snapshot delta (parentCID set) is refused with the fix', async () => {
    const text = (await readFile(path('flat.vmdk'), 'utf8')).replace(/\0+$/, '').replace('parentCID=ffffffff', 'parentCID=12345678');
    await writeFile(path('delta.vmdk'), text);
    await expectFault(path('delta.vmdk'), /snapshot delta disk.*consolidate the snapshots/);
  });
});

describe('streamOptimized from a stream', () => {
  it('a cut stream or flipped bits: a DiskFormatError naming the stream, never a crash', async () => {
    const bytes = await readFile(path('stream.vmdk'));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: bytes.length - 1 }), fc.boolean(), async (cut, flip, doFlip) => {
        const data = Buffer.from(bytes.subarray(0, doFlip ? bytes.length : cut));
        if (doFlip) data[flip] = (data[flip] ?? 0) ^ 0x10;
        await writeFile(path('piece.vmdk'), data);
        try {
          const stream = await openVmdkStream(createReadStream(path('piece.vmdk'), { highWaterMark: 4096 }), { name: 'nfc:[ds1] vm/vm.vmdk' });
          for await (const grain of stream.grains()) expect(grain.data.length).toBeLessThanOrEqual(stream.grainSize);
        } catch (error) {
          expect(error).toBeInstanceOf(DiskFormatError);
          expect((error as Error).message).toMatch(/^nfc:\[ds1\] vm\/vm\.vmdk: vmdk streamOptimized stream /);
        }
      }),
      { numRuns: 80 },
    );
  });
});
