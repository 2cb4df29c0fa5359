// The chroot's system mounts on a guest root: binds of /proc, /sys and /dev, and an empty tmpfs on /run,
// so what the tools in the chroot write under /run never lands in the guest's own files. Needs root (mount).
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindMountSystemDirs, mountPoints } from '../src/channels/mounts';

let base: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'ferry-system-mounts-'));
});

afterEach(async () => {
  const left = (await mountPoints()).filter((m) => m.startsWith(`${base}/`));
  expect(left).toEqual([]);
  await rm(base, { recursive: true, force: true });
});

it('gives the chroot an empty /run (with /run/lock) over the guest\'s own, and what is written there goes with it', async () => {
  const root = join(base, 'guest');
  await mkdir(join(root, 'run'), { recursive: true });
  await writeFile(join(root, 'run', 'from-the-image'), 'kept\n');
  const mounts = await bindMountSystemDirs(root);
  try {
    expect(await mountPoints()).toEqual(expect.arrayContaining(['proc', 'sys', 'dev', 'run'].map((dir) => join(root, dir))));
    expect(await readdir(join(root, 'run'))).toEqual(['lock']);
    expect((await stat(join(root, 'run', 'lock'))).mode & 0o7777).toBe(0o1777);
    await mkdir(join(root, 'run', 'blkid'));
    await writeFile(join(root, 'run', 'blkid', 'blkid.tab'), '<device TIME="1">/dev/loop0</device>\n');
  } finally {
    await mounts.release();
  }
  expect(await readdir(join(root, 'run'))).toEqual(['from-the-image']);
});

it('leaves a /run that is a symbolic link alone: mounting on it would follow the link on this host', async () => {
  const root = join(base, 'guest');
  const elsewhere = join(base, 'host-folder');
  await mkdir(root, { recursive: true });
  await mkdir(elsewhere);
  await symlink(elsewhere, join(root, 'run'));
  const mounts = await bindMountSystemDirs(root);
  try {
    const points = await mountPoints();
    expect(points).not.toContain(elsewhere);
    expect(points).not.toContain(join(root, 'run'));
    expect(points).toContain(join(root, 'proc'));
  } finally {
    await mounts.release();
  }
});

it('leaves a /run that is already mounted alone, and does not unmount it on release', async () => {
  const root = join(base, 'guest');
  await mkdir(join(root, 'run'), { recursive: true });
  const outer = await bindMountSystemDirs(root);
  try {
    const inner = await bindMountSystemDirs(root);
    await inner.release();
    expect(await mountPoints()).toContain(join(root, 'run'));
  } finally {
    await outer.release();
  }
});
