/**
 * Side by side: converting an image to sparse raw with this package (extent map, 1 MiB reads,
 * sparse raw writer — what the data plane does) versus `qemu-img convert -O raw`.
 * Usage: npm run bench:disk-formats [-- <MiB>]  (default 256 MiB: half random, a quarter text, a quarter zero)
 */
import { join } from 'node:path';
import { makeImage, makeSourceRaw, makeTempDir, qemuCompare, qemuImg, type DiskImageKind } from '@ferry/testing';
import { createRawWriter, openDisk } from '../src';

const MIB = 2 ** 20;

async function ours(source: string, out: string): Promise<void> {
  const disk = await openDisk(source);
  const writer = await createRawWriter(out, disk.virtualSize);
  for await (const extent of disk.extents()) {
    if (extent.zero) continue;
    for (let offset = extent.offset; offset < extent.offset + extent.length; offset += MIB) {
      await writer.write(offset, await disk.read(offset, Math.min(MIB, extent.offset + extent.length - offset)));
    }
  }
  await writer.finish();
  await disk.close();
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 256) * MIB;
  const { dir, cleanup } = await makeTempDir('ferry-bench-');
  try {
    const raw = join(dir, 'source.raw');
    const quarter = size / 4;
    await makeSourceRaw(raw, size, [
      { offset: 0, length: 2 * quarter, kind: 'random' },
      { offset: 2 * quarter, length: quarter, kind: 'text' },
    ]);
    const kinds: DiskImageKind[] = ['raw', 'qcow2-v3', 'qcow2-compressed', 'vmdk-monolithicSparse', 'vmdk-streamOptimized'];
    console.log(`convert to raw, ${size / MIB} MiB disk (ms, lower is better)`);
    console.log('image kind'.padEnd(24), 'ferry'.padStart(8), 'qemu-img'.padStart(9), 'identical');
    for (const kind of kinds) {
      const image = await makeImage(raw, kind, join(dir, `image-${kind}`));
      const peer = await timed(() => qemuImg('convert', '-O', 'raw', image, join(dir, 'peer.raw')));
      const mine = await timed(() => ours(image, join(dir, 'ours.raw')));
      const { identical } = await qemuCompare(join(dir, 'peer.raw'), join(dir, 'ours.raw'));
      console.log(kind.padEnd(24), mine.toFixed(0).padStart(8), peer.toFixed(0).padStart(9), identical ? 'yes' : 'NO');
    }
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
