import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execOk } from '../channels/exec';

/** A partition of a raw disk image mounted on this host; unmount() releases it. */
export interface MountedPartition {
  readonly root: string;
  unmount(): Promise<void>;
}

/**
 * Mounts the partition starting at `offsetBytes` of a raw image through a loop device with an
 * offset (works where `losetup -P` exposes no partition devices). Needs root.
 */
export async function mountImagePartition(image: string, offsetBytes: number): Promise<MountedPartition> {
  const root = await mkdtemp(join(tmpdir(), 'ferry-replica-'));
  try {
    await execOk('mount', ['-o', `loop,offset=${offsetBytes}`, image, root]);
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`could not mount ${image} at offset ${offsetBytes}: ${(e as Error).message}; is the offset the partition's start in bytes?`);
  }
  let mounted = true;
  return {
    root,
    async unmount() {
      if (!mounted) return;
      mounted = false;
      await execOk('sync', []);
      await execOk('umount', [root]);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The UUID of the ext2/3/4 file system at `offsetBytes` of an image (blkid with an offset). */
export async function fileSystemUuid(image: string, offsetBytes: number): Promise<string> {
  return (await execOk('blkid', ['-p', '-O', String(offsetBytes), '-s', 'UUID', '-o', 'value', image])).trim();
}
