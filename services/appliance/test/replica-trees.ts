// File-level comparison of guest root trees (mounted read-only): what a fixup changed in a replica against
// its source, so a fault test can say whether a fixup that was interrupted and retried left the replica as a
// fault-free fixup leaves it, where the disks cannot be compared block by block (a fixup changes them by design).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Each path of a tree (relative, no leading slash) with what it is: type, mode, owner, and content hash or link target. */
export async function treeEntries(root: string): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(join(root, relative))).sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const full = join(root, path);
      const s = await lstat(full);
      const owner = `${(s.mode & 0o7777).toString(8)} ${s.uid}:${s.gid}`;
      if (s.isDirectory()) {
        entries.set(path, `dir ${owner}`);
        await walk(path);
      } else if (s.isSymbolicLink()) entries.set(path, `link ${owner} -> ${await readlink(full)}`);
      else if (s.isFile()) entries.set(path, `file ${owner} ${await fileSha256(full)}`);
      else entries.set(path, `special ${owner} ${s.rdev}`);
    }
  };
  await walk('');
  return entries;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Paths whose entry differs between two trees, or that only one of them has, sorted. */
export function changedPaths(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}
