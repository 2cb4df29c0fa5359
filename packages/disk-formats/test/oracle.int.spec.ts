import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DISK_IMAGE_KINDS, makeBackingChain, makeImage, makeSourceRaw, makeTempDir, qemuConvertToRaw, qemuImg, type DiskImageKind } from '@ferry/testing';
import { openDisk, type DiskReader, type Extent } from '../src';

jest.setTimeout(120_000);

/** An odd size: not a multiple of the 64 KiB grain/cluster nor of 1 MiB chunks. */
const SIZE = 3 * 2 ** 20 + 7 * 512;

let dir: string;
let cleanup: () => Promise<void>;
let raw: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  raw = join(dir, 'source.raw');
  await makeSourceRaw(raw, SIZE);
});
afterAll(async () => cleanup?.());

async function readAll(disk: DiskReader, piece: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < disk.virtualSize; offset += piece) parts.push(await disk.read(offset, Math.min(piece, disk.virtualSize - offset)));
  return Buffer.concat(parts);
}

async function collect(disk: DiskReader): Promise<Extent[]> {
  const extents: Extent[] = [];
  for await (const extent of disk.extents()) extents.push(extent);
  return extents;
}

/** Extents cover the disk in order; every non-zero byte of the oracle lies in an allocated, non-zero extent. */
function expectExtentsMatch(extents: Extent[], expected: Buffer): void {
  let next = 0;
  for (const extent of extents) {
    expect(extent.offset).toBe(next);
    next += extent.length;
    if (extent.zero) expect(expected.subarray(extent.offset, extent.offset + extent.length).every((b) => b === 0)).toBe(true);
    if (!extent.allocated) expect(extent.zero).toBe(true);
  }
  expect(next).toBe(expected.length);
}

async function expectSameAsQemu(path: string, kind: string): Promise<void> {
  const expected = await readFile(await qemuConvertToRaw(path, join(dir, `${kind}.oracle.raw`)));
  const disk = await openDisk(path);
  try {
    expect(disk.virtualSize).toBe(expected.length);
    // Two piece sizes: one unaligned to everything, one larger than the read piece limit.
    expect((await readAll(disk, 100_001)).equals(expected)).toBe(true);
    expect((await disk.read(0, disk.virtualSize)).equals(expected)).toBe(true);
    expectExtentsMatch(await collect(disk), expected);
  } finally {
    await disk.close();
  }
}

describe('readers equal qemu-img convert -O raw', () => {
  it.each(DISK_IMAGE_KINDS.map((kind) => [kind]))('%s', async (kind: DiskImageKind) => {
    const image = await makeImage(raw, kind, join(dir, `image-${kind}.${kind.startsWith('vmdk') ? 'vmdk' : kind === 'raw' ? 'img' : 'qcow2'}`));
    await expectSameAsQemu(image, kind);
    const disk = await openDisk(image);
    expect(disk.format).toBe(kind === 'raw' ? 'raw' : kind.startsWith('vmdk') ? 'vmdk' : 'qcow2');
    await disk.close();
  });

  it.each([
    ['qcow2 with 4 KiB clusters (several L2 tables)', ['-O', 'qcow2', '-o', 'cluster_size=4096']],
    ['qcow2 with 2 MiB clusters, compressed', ['-O', 'qcow2', '-c', '-o', 'cluster_size=2M']],
    ['vmdk twoGbMaxExtentSparse', ['-O', 'vmdk', '-o', 'subformat=twoGbMaxExtentSparse']],
    ['vmdk twoGbMaxExtentFlat', ['-O', 'vmdk', '-o', 'subformat=twoGbMaxExtentFlat']],
  ])('%s', async (name, options) => {
    const image = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.img`);
    await qemuImg('convert', '-q', '-f', 'raw', ...options, raw, image);
    await expectSameAsQemu(image, name.replace(/[^a-z0-9]+/gi, '-'));
  });

  it('a split sparse VMDK whose descriptor has stale bytes after its terminating NUL (as qemu-img sometimes leaves them)', async () => {
    const image = join(dir, 'stale-padding.vmdk');
    await qemuImg('convert', '-q', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=twoGbMaxExtentSparse', raw, image);
    const descriptor = await readFile(image);
    const end = descriptor.indexOf(0);
    expect(end).toBeGreaterThan(0);
    descriptor.fill(0xab, end + 1);
    await writeFile(image, descriptor);
    await expectSameAsQemu(image, 'stale-padding');
  });

  it('a qcow2 backing chain (v3 top with zeroed clusters over v2 over v3)', async () => {
    const { top } = await makeBackingChain(dir, raw);
    await expectSameAsQemu(top, 'chain');
  });
});
