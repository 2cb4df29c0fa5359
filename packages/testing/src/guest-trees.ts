// Guest root trees as the tests and the demo compare them: a partition of a raw disk mounted read-only for a
// moment, and a snapshot of a tree (every file, folder and link with what it is) that two states can be diffed by.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Mounts the partition at `offset` of a raw disk read-only for `use`, then unmounts it. ext4's journal is not
 * replayed (noload), so the disk is not written. Needs root.
 */
export async function withReadOnlyPartition<T>(image: string, offset: number, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-ro-partition-'));
  try {
    await run('mount', ['-o', `ro,noload,loop,offset=${offset}`, image, dir]);
    try {
      return await use(dir);
    } finally {
      await run('umount', [dir]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Every file, folder, link and special file under `root` with its type, mode, owner and (files) SHA-256 or (links)
 * target, as path -> description. `skip` lists root-relative paths to leave out with all below them ("proc", "opt/ferry").
 */
export async function snapshotTree(root: string, skip: readonly string[] = []): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(join(root, relative))).sort()) {
      const path = relative ? `${relative}/${name}` : name;
      if (skip.includes(path)) continue;
      const full = join(root, path);
      const s = await lstat(full);
      const what = `${(s.mode & 0o7777).toString(8)} ${s.uid}:${s.gid}`;
      if (s.isSymbolicLink()) out.set(path, `link ${what} -> ${await readlink(full)}`);
      else if (s.isDirectory()) {
        out.set(path, `dir ${what}`);
        await walk(path);
      } else if (s.isFile()) out.set(path, `file ${what} ${await fileSha256(full)}`);
      else out.set(path, `special ${what} ${s.rdev}`);
    }
  };
  await walk('');
  return out;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Paths whose description differs between two snapshots (added, removed or changed), sorted. */
export function diffSnapshots(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => a.get(p) !== b.get(p)).sort();
}
