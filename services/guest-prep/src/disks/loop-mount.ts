// Mounts a volume of a disk image through a loop device limited to the volume (offset and
// sizelimit), read-only for probing or read-write for the fixup. Needs root.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execLocal, execOk } from '../channels/exec';
import { describeVolume, type Volume } from './volumes';

/** A mounted volume; unmount() is safe to call twice. */
export interface MountedVolume {
  readonly dir: string;
  unmount(): Promise<void>;
}

/**
 * Read-only mounts must not write to the replica: ext3/4 skip the journal replay (noload) and xfs
 * its log recovery (norecovery); a cleanly shut down source has nothing to replay anyway.
 */
function options(v: Volume, readOnly: boolean): string {
  const loop = `loop,offset=${v.offsetBytes},sizelimit=${v.sizeBytes}`;
  if (!readOnly) return loop;
  const type = v.fs?.type ?? '';
  return `${loop},ro${type === 'ext3' || type === 'ext4' ? ',noload' : type === 'xfs' ? ',norecovery' : ''}`;
}

/** Mounts `v` at `at` (created if missing), or at a new temp folder that unmount() removes. */
export async function mountVolume(v: Volume, mode: { readOnly: boolean; at?: string }): Promise<MountedVolume> {
  const dir = mode.at ?? (await mkdtemp(join(tmpdir(), 'ferry-replica-')));
  if (mode.at) await mkdir(mode.at, { recursive: true });
  const type = v.fs?.type ? ['-t', v.fs.type] : [];
  const r = await execLocal('mount', [...type, '-o', options(v, mode.readOnly), v.image, dir], { timeoutMs: 120_000 });
  if (r.exitCode !== 0) {
    if (!mode.at) await rm(dir, { recursive: true, force: true });
    throw new Error(`could not mount ${v.fs?.type ?? 'the file system'} on ${describeVolume(v)} (${v.image} at byte ${v.offsetBytes}): ${r.stderr.trim()}; is the file system intact (fsck it) and loop-device support available to guest-prep (root)?`);
  }
  let mounted = true;
  return {
    dir,
    async unmount() {
      if (!mounted) return;
      mounted = false;
      if (!mode.readOnly) await execLocal('sync', ['-f', dir]);
      await execOk('umount', [dir], { timeoutMs: 120_000 });
      if (!mode.at) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Loop devices already attached to `image` (`losetup -j`), e.g. a mount left by a run that was
 * killed: mounting the file system a second time read-write would corrupt it.
 */
export async function loopDevicesOn(image: string): Promise<string[]> {
  const r = await execLocal('losetup', ['-j', image], { timeoutMs: 30_000 });
  return r.stdout.split('\n').map((l) => l.split(':')[0]?.trim() ?? '').filter(Boolean);
}
