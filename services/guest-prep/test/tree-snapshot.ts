import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file, folder and symlink under `root` with its type, mode and (files) SHA-256, as
 * path -> description. `skip` lists top-level-relative paths to leave out (e.g. "proc", "opt/ferry").
 */
export async function snapshotTree(root: string, skip: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(join(root, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      if (skip.includes(path)) continue;
      const st = await lstat(join(root, path));
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out.set(path, `l ${mode} -> ${await readlink(join(root, path))}`);
      else if (st.isDirectory()) {
        out.set(path, `d ${mode}`);
        await walk(path);
      } else if (st.isFile()) out.set(path, `f ${mode} ${await sha256(join(root, path))}`);
      else out.set(path, `o ${mode}`);
    }
  };
  await walk('');
  return out;
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/** Paths whose description differs between two snapshots (added, removed or changed). */
export function diffSnapshots(a: Map<string, string>, b: Map<string, string>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => a.get(p) !== b.get(p)).sort();
}
