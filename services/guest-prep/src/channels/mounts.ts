import { lstat, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execOk } from './exec';

/** Bind mounts made by {@link bindMountSystemDirs}; release() unmounts them in reverse order. */
export interface BoundMounts {
  release(): Promise<void>;
}

/** Every mount point of this process's mount namespace, as /proc/self/mountinfo lists them. */
export async function mountPoints(): Promise<string[]> {
  return (await readFile('/proc/self/mountinfo', 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''));
}

/** mountinfo writes a space, tab, newline and backslash in a path as octal escapes. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

async function isMountPoint(path: string): Promise<boolean> {
  const target = resolve(path);
  return (await mountPoints()).includes(target);
}

/**
 * Binds the host's /proc, /sys and /dev into a guest root so package scripts, update-initramfs and
 * grub-mkconfig work in a chroot, and puts an empty tmpfs on its /run, as a booted guest has: what the
 * tools leave there (blkid's cache, locks) then goes with the mount instead of into the guest's files.
 * Mount points that are already mounted are left alone (and not unmounted later), so nested use is safe;
 * a /run that is a symbolic link is left alone too (mounting on it would follow the link on this host).
 */
export async function bindMountSystemDirs(root: string): Promise<BoundMounts> {
  const made: string[] = [];
  try {
    for (const dir of ['proc', 'sys', 'dev']) {
      const target = join(root, dir);
      await execOk('mkdir', ['-p', target]);
      if (await isMountPoint(target)) continue;
      await execOk('mount', ['--bind', `/${dir}`, target]);
      made.push(target);
    }
    const run = join(root, 'run');
    const runDir = await lstat(run).then((s) => s.isDirectory(), () => false);
    if (runDir && !(await isMountPoint(run))) {
      await execOk('mount', ['-t', 'tmpfs', '-o', 'mode=755,nosuid,nodev,size=64m', 'ferry-chroot-run', run]);
      made.push(run);
      await execOk('mkdir', ['-m', '1777', join(run, 'lock')]);
    }
  } catch (e) {
    await unmountAll(made);
    throw e;
  }
  return { release: () => unmountAll(made) };
}

async function unmountAll(targets: string[]): Promise<void> {
  const errors: string[] = [];
  for (const target of [...targets].reverse()) {
    // Lazy unmount: a process the guest's package scripts left behind must not keep /proc busy.
    await execOk('umount', ['-l', target]).catch((e: Error) => errors.push(e.message));
  }
  targets.length = 0;
  if (errors.length) throw new Error(`could not unmount bind mounts: ${errors.join('; ')}; unmount them by hand`);
}
