import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DiskWriter, VmdkWriterOptions } from '../types';
import { createRawWriter } from './raw-writer';
import { descriptorText } from './vmdk-descriptor';

/** `disk.vmdk` → `disk-flat.vmdk` (beside it, as VMware names it). */
export function flatExtentPath(path: string): string {
  return path.endsWith('.vmdk') ? `${path.slice(0, -'.vmdk'.length)}-flat.vmdk` : `${path}-flat.vmdk`;
}

/**
 * monolithicFlat: a sparse raw `-flat.vmdk` extent written like a raw image, and the text
 * descriptor at `path` written by finish(). The size is rounded up to whole sectors.
 */
export async function createVmdkFlatWriter(path: string, size: number, options: VmdkWriterOptions): Promise<DiskWriter> {
  const sectors = Math.ceil(size / 512);
  const extent = flatExtentPath(path);
  const raw = await createRawWriter(extent, sectors * 512, { resume: options.resume });
  return {
    path,
    virtualSize: sectors * 512,
    write: (offset, data) => raw.write(offset, data),
    async finish(): Promise<void> {
      await raw.finish();
      await writeFile(path, descriptorText('monolithicFlat', sectors, `RW ${sectors} FLAT "${basename(extent)}" 0`, options));
    },
    abort: () => raw.abort(),
  };
}
