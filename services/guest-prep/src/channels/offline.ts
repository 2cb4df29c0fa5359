import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UnavailableError, ValidationError } from '@ferry/errors';
import { type GuestChannel, type GuestRunResult } from './channel';
import { execLocal, execOk } from './exec';
import { bindMountSystemDirs, type BoundMounts } from './mounts';

const GUEST_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * A guest root file system mounted (or extracted) on this host, worked on through chroot with
 * /proc, /sys and /dev bound inside it for the time the channel is open. Needs root.
 */
export class OfflineChrootChannel implements GuestChannel {
  readonly kind = 'offline' as const;
  readonly offline = true;
  private mounts: BoundMounts | undefined;

  private constructor(readonly root: string) {}

  /** Binds /proc, /sys, /dev into `root`. Call close() (in finally) to unbind them. */
  static async open(root: string): Promise<OfflineChrootChannel> {
    if (process.getuid?.() !== 0) throw new UnavailableError(`the offline guest channel needs root for chroot and bind mounts (root ${root}); run guest-prep as root`);
    const sh = await execLocal('test', ['-x', join(root, 'bin/sh')]);
    if (sh.exitCode !== 0) throw new ValidationError('root', `${root} does not look like a guest root: ${join(root, 'bin/sh')} is missing; mount the replica's root file system there`);
    const channel = new OfflineChrootChannel(root);
    channel.mounts = await bindMountSystemDirs(root);
    return channel;
  }

  async upload(localDir: string, guestDir: string): Promise<void> {
    const dest = join(this.root, guestDir);
    await execOk('mkdir', ['-p', dest]);
    await execOk('cp', ['-R', '--no-preserve=ownership', `${localDir}/.`, dest]);
  }

  run(argv: readonly string[], options: { timeoutMs?: number } = {}): Promise<GuestRunResult> {
    return execLocal('chroot', [this.root, '/usr/bin/env', '-i', `PATH=${GUEST_PATH}`, 'LANG=C', ...argv], options);
  }

  readFile(guestPath: string): Promise<Buffer> {
    return readFile(join(this.root, guestPath));
  }

  async close(): Promise<void> {
    const mounts = this.mounts;
    this.mounts = undefined;
    await mounts?.release();
  }
}
