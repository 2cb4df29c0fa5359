// Mounts a volume of a disk image through a loop device limited to the volume (offset and
// sizelimit), read-only for probing or read-write for the fixup. Needs root.
import { mkdir, mkdtemp, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execLocal, execOk } from '../channels/exec';
import { mountPoints } from '../channels/mounts';
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

/** Prefix of the folders a run mounts a replica's volumes at. */
const MOUNT_PREFIX = 'ferry-replica-';

/**
 * Mounts `v` at `at` (created if missing), or at a new folder under `under` (default: the system's temp
 * folder) that unmount() removes. A guest-prep instance mounts under a folder of its own, so that after a
 * crash it can release what its runs left mounted (releaseLeftMounts).
 */
export async function mountVolume(v: Volume, mode: { readOnly: boolean; at?: string; under?: string }): Promise<MountedVolume> {
  const dir = mode.at ?? (await mkdtemp(join(mode.under ?? tmpdir(), MOUNT_PREFIX)));
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

/**
 * Unmounts what runs of a killed guest-prep left mounted under `under` (its own mount folder), deepest
 * first, and removes their folders; a loop device `mount -o loop` attached goes with its mount. Returns
 * the mount points released. Until then the images stay attached, and a new run refuses them (probeReplica).
 * Only this instance mounts under `under`, so nothing another process is working on is touched.
 */
export async function releaseLeftMounts(under: string): Promise<string[]> {
  await mkdir(under, { recursive: true });
  const points = await mountPointsUnder(join(under, MOUNT_PREFIX));
  for (const point of points) {
    const r = await execLocal('umount', [point], { timeoutMs: 120_000 });
    if (r.exitCode !== 0) await execOk('umount', ['-l', point], { timeoutMs: 120_000 });
  }
  const left = await mountPointsUnder(join(under, MOUNT_PREFIX));
  if (left.length) throw new Error(`could not unmount ${left.join(', ')} left by an interrupted run; unmount them by hand (umount <mount point>) and start guest-prep again`);
  // Each folder was only a mount point: empty now. rmdir refuses anything else, which is then left as it is.
  for (const entry of await readdir(under)) {
    if (entry.startsWith(MOUNT_PREFIX)) await rmdir(join(under, entry)).catch(() => undefined);
  }
  return points;
}

/** Mount points whose path starts with `prefix`, deepest first. */
async function mountPointsUnder(prefix: string): Promise<string[]> {
  return (await mountPoints()).filter((point) => point.startsWith(prefix)).sort((a, b) => b.length - a.length);
}
