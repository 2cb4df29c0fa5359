import { join } from 'node:path';
import { makeImage, makeSourceRaw, type SourceRegion } from '@ferry/testing';

const MiB = 1 << 20;

/**
 * Mostly random data (about 96 %): every 8 MiB, a zero run of 300,007 bytes at an odd offset, so no
 * 1 MiB chunk is all zeros (each demand read moves a full chunk of data) while the VMDK still has
 * holes to skip.
 */
function mostlyRandom(size: number): SourceRegion[] {
  const regions: SourceRegion[] = [];
  const hole = 300_007;
  for (let offset = 0; offset < size; offset += 8 * MiB) {
    const block = Math.min(8 * MiB, size - offset);
    const random = Math.max(0, block - hole);
    regions.push({ offset, length: random, kind: 'random' });
    if (block > random) regions.push({ offset: offset + random, length: block - random, kind: 'zero' });
  }
  return regions;
}

/** Writes `dir/source.raw` and converts it to the monolithicSparse VMDK prem serves, `sourceDir/disk.vmdk`. */
export async function makeSourceDisk(dir: string, sourceDir: string, size: number): Promise<{ raw: string; vmdk: string }> {
  const raw = join(dir, 'source.raw');
  await makeSourceRaw(raw, size, mostlyRandom(size));
  const vmdk = await makeImage(raw, 'vmdk-monolithicSparse', join(sourceDir, 'disk.vmdk'));
  return { raw, vmdk };
}
