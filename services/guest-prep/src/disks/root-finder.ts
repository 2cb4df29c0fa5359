// Finds the Linux root file system among the probed volumes: every Linux file system is mounted
// read-only in turn and the first that holds /etc/fstab, an os-release and a shell is the root.
// When there is none, says why, disk by disk, for the operator.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { mountVolume } from './loop-mount';
import { type ProbedDisk } from './probe';
import { describeVolume, LINUX_ROOT_TYPES, type Volume } from './volumes';

export type RootSearch = { readonly found: true; readonly root: Volume } | { readonly found: false; readonly reason: string };

const exists = (path: string): Promise<boolean> => lstat(path).then(() => true, () => false);

/** The files every Linux root the fixup can work on has (the fixup edits fstab and runs a shell). */
export async function looksLikeLinuxRoot(dir: string): Promise<boolean> {
  const has = async (...paths: string[]): Promise<boolean> => (await Promise.all(paths.map((p) => exists(join(dir, p))))).some(Boolean);
  return (await has('etc/fstab')) && (await has('etc/os-release', 'usr/lib/os-release')) && (await has('bin/sh', 'usr/bin/sh'));
}

/** One disk as an operator would describe it from what was found. */
function describeDisk(disk: ProbedDisk, notRoot: ReadonlySet<Volume>): string {
  const name = disk.image.split('/').pop() ?? disk.image;
  if (!disk.table) {
    const fs = disk.volumes[0]?.fs;
    if (!fs) return `${name} (no partition table, no file system)`;
    return `${name} (${fs.type} on the whole disk${disk.volumes[0] && notRoot.has(disk.volumes[0]) ? ', not a root: no /etc/fstab, os-release or shell' : ''})`;
  }
  const parts = disk.volumes.map((v) => `${v.partition ?? '?'}: ${v.fs?.type ?? 'no file system'}${notRoot.has(v) ? ' (not a root)' : ''}`);
  return `${name} (${disk.table === 'dos' ? 'MBR' : disk.table.toUpperCase()}; ${parts.length ? `partitions ${parts.join(', ')}` : 'no partitions'})`;
}

/** Mounts each Linux file system read-only until one is a root; never leaves a mount behind. */
export async function findLinuxRoot(disks: readonly ProbedDisk[], mountsUnder?: string): Promise<RootSearch> {
  const notRoot = new Set<Volume>();
  for (const v of disks.flatMap((d) => d.volumes)) {
    if (!v.fs || !LINUX_ROOT_TYPES.has(v.fs.type)) continue;
    const mounted = await mountVolume(v, { readOnly: true, under: mountsUnder });
    try {
      if (await looksLikeLinuxRoot(mounted.dir)) return { found: true, root: v };
      notRoot.add(v);
    } finally {
      await mounted.unmount();
    }
  }
  const all = disks.flatMap((d) => d.volumes);
  const ntfs = all.filter((v) => v.fs?.type === 'ntfs');
  const lvm = all.filter((v) => v.fs?.type === 'LVM2_member');
  const seen = disks.map((d) => describeDisk(d, notRoot)).join('; ');
  if (ntfs.length) {
    return { found: false, reason: `a Windows guest (NTFS on ${ntfs.map(describeVolume).join(', ')}): the offline fixup works on Linux roots only; disks: ${seen}` };
  }
  if (lvm.length) {
    return { found: false, reason: `no Linux root outside LVM (LVM physical volume on ${lvm.map(describeVolume).join(', ')}): a root on LVM is not fixed up offline yet; disks: ${seen}` };
  }
  return { found: false, reason: `no Linux root file system on ${seen}` };
}
