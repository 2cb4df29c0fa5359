import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DISK_IMAGE_KINDS, makeImage, makeSourceRaw, makeTempDir, qemuCheck, qemuCompare, qemuConvertToRaw } from '@ferry/testing';
import { createRawWriter, createVmdkWriter, openDisk, openVmdkStream, type DiskWriter } from '../src';

jest.setTimeout(120_000);

const SIZE = 3 * 2 ** 20 + 7 * 512;
const CHUNK = 2 ** 20;

let dir: string;
let cleanup: () => Promise<void>;
let raw: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  raw = join(dir, 'source.raw');
  await makeSourceRaw(raw, SIZE);
});
afterAll(async () => cleanup?.());

/** Copies a disk as the data plane does: 1 MiB chunks in order, zero extents skipped. */
async function copy(source: string, writer: DiskWriter): Promise<void> {
  const disk = await openDisk(source);
  try {
    for await (const extent of disk.extents()) {
      if (extent.zero) continue;
      for (let offset = extent.offset; offset < extent.offset + extent.length; offset += CHUNK) {
        const length = Math.min(CHUNK, extent.offset + extent.length - offset);
        await writer.write(offset, await disk.read(offset, length));
      }
    }
    await writer.finish();
  } finally {
    await disk.close();
  }
}

describe('writers: qemu-img says the copy is identical to the source', () => {
  it('raw (sparse) from a compressed qcow2', async () => {
    const source = await makeImage(raw, 'qcow2-compressed', join(dir, 'src.qcow2'));
    const out = join(dir, 'out.raw');
    await copy(source, await createRawWriter(out, SIZE));
    expect(await qemuCompare(source, out)).toMatchObject({ identical: true });
  });

  it('raw writer leaves zero ranges as holes and still overwrites earlier data with zeros', async () => {
    const out = join(dir, 'holes.raw');
    const writer = await createRawWriter(out, 8 * 2 ** 20);
    await writer.write(2 ** 20, Buffer.alloc(2 ** 20, 0x42));
    await writer.write(2 ** 20 + 4096, Buffer.alloc(8192)); // zeros over data: must land
    await writer.write(4 * 2 ** 20, Buffer.alloc(2 ** 20)); // zeros over nothing: a hole
    await writer.finish();
    const bytes = await readFile(out);
    expect(bytes.length).toBe(8 * 2 ** 20);
    expect(bytes.subarray(2 ** 20, 2 ** 20 + 4096).every((b) => b === 0x42)).toBe(true);
    expect(bytes.subarray(2 ** 20 + 4096, 2 ** 20 + 12288).every((b) => b === 0)).toBe(true);
    expect((await stat(out)).blocks * 512).toBeLessThanOrEqual(2 ** 20 + 64 * 1024);
  });

  it.each([
    ['raw', (resume: boolean) => createRawWriter(join(dir, 'resumed.raw'), SIZE, { resume })],
    ['monolithicFlat', (resume: boolean) => createVmdkWriter(join(dir, 'resumed.vmdk'), SIZE, { subformat: 'monolithicFlat', resume })],
  ] as const)('a %s copy resumed after a crash (zeros over old data) is identical to the source', async (_name, create) => {
    const source = await readFile(raw);
    const first = await create(false);
    await first.write(0, Buffer.alloc(SIZE, 0xee)); // garbage the resumed pass must overwrite, zeros included
    await first.abort();
    const second = await create(true);
    for (let offset = 0; offset < SIZE; offset += CHUNK) await second.write(offset, source.subarray(offset, Math.min(SIZE, offset + CHUNK)));
    await second.finish();
    expect(await qemuCompare(raw, second.path)).toMatchObject({ identical: true });
  });

  it.each([['monolithicFlat'], ['streamOptimized']] as const)('vmdk %s passes qemu-img check and compare', async (subformat) => {
    const out = join(dir, `out-${subformat}.vmdk`);
    await copy(raw, await createVmdkWriter(out, SIZE, { subformat }));
    expect(await qemuCheck(out)).toMatchObject({ ok: true });
    expect(await qemuCompare(raw, out)).toMatchObject({ identical: true });
    const back = await openDisk(out);
    expect(back.subformat).toBe(subformat);
    expect((await back.read(0, back.virtualSize)).equals(await readFile(raw))).toBe(true);
    await back.close();
  });

  it.each(DISK_IMAGE_KINDS.map((kind) => [kind]))('streamOptimized copied from a %s source is identical to it', async (kind) => {
    const source = await makeImage(raw, kind, join(dir, `from-${kind}.${kind.startsWith('vmdk') ? 'vmdk' : 'img'}`));
    const out = join(dir, `to-stream-from-${kind}.vmdk`);
    await copy(source, await createVmdkWriter(out, SIZE, { subformat: 'streamOptimized' }));
    expect(await qemuCheck(out)).toMatchObject({ ok: true });
    expect(await qemuCompare(source, out)).toMatchObject({ identical: true });
  });

  it('an empty streamOptimized disk and one with data only in its last partial grain', async () => {
    const empty = join(dir, 'empty.vmdk');
    const writer = await createVmdkWriter(empty, 40 * 2 ** 20 + 512, { subformat: 'streamOptimized' });
    await writer.finish();
    expect(await qemuCheck(empty)).toMatchObject({ ok: true });
    const tail = join(dir, 'tail.vmdk');
    const tailWriter = await createVmdkWriter(tail, 40 * 2 ** 20 + 512, { subformat: 'streamOptimized' });
    await tailWriter.write(40 * 2 ** 20, Buffer.alloc(512, 0x7e));
    await tailWriter.finish();
    expect(await qemuCheck(tail)).toMatchObject({ ok: true });
    const expected = await readFile(await qemuConvertToRaw(tail, join(dir, 'tail.raw')));
    expect(expected.subarray(40 * 2 ** 20).every((b) => b === 0x7e)).toBe(true);
  });

  it('streamOptimized refuses writes that go backwards', async () => {
    const writer = await createVmdkWriter(join(dir, 'order.vmdk'), 2 ** 20, { subformat: 'streamOptimized' });
    await writer.write(65536, Buffer.alloc(512, 1));
    await expect(writer.write(0, Buffer.alloc(512, 1))).rejects.toThrow(/written in order/);
    await writer.abort();
  });
});

describe('streamOptimized read from a non-seekable stream (as an NFC export serves it)', () => {
  it.each([['ours'], ['qemu-img']])('grains from a %s streamOptimized file rebuild the disk', async (maker) => {
    const vmdk = join(dir, `stream-${maker}.vmdk`);
    if (maker === 'ours') await copy(raw, await createVmdkWriter(vmdk, SIZE, { subformat: 'streamOptimized' }));
    else await makeImage(raw, 'vmdk-streamOptimized', vmdk);
    // Odd chunk sizes put marker and grain boundaries anywhere inside a chunk.
    const stream = await openVmdkStream(createReadStream(vmdk, { highWaterMark: 7_777 }), { name: vmdk });
    const rebuilt = Buffer.alloc(stream.virtualSize);
    let grains = 0;
    for await (const grain of stream.grains()) {
      grain.data.copy(rebuilt, grain.offset);
      grains++;
    }
    expect(stream.virtualSize).toBe(SIZE);
    expect(grains).toBeGreaterThan(0);
    expect(rebuilt.equals(await readFile(raw))).toBe(true);
  });
});
