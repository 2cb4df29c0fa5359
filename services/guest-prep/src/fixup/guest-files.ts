import { chmod, mkdir, readFile, rm, symlink, readlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type GuestFile } from './nic-naming';

/** Writes a file into the replica rooted at `root` unless it already has that content. Returns true when written. */
export async function writeGuestFile(root: string, file: GuestFile): Promise<boolean> {
  const path = join(root, file.path);
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === file.content) return false;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.content, { mode: file.mode ?? 0o644 });
  if (file.mode !== undefined) await chmod(path, file.mode);
  return true;
}

/** Removes files from the replica; returns the ones that existed. */
export async function removeGuestFiles(root: string, paths: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const p of paths) {
    const exists = await readFile(join(root, p)).then(() => true, () => false);
    if (!exists) continue;
    await rm(join(root, p), { force: true });
    removed.push(p);
  }
  return removed;
}

/** Creates (or keeps) a symlink in the replica; returns true when it was created. */
export async function ensureGuestSymlink(root: string, linkPath: string, target: string): Promise<boolean> {
  const path = join(root, linkPath);
  if ((await readlink(path).catch(() => undefined)) === target) return false;
  await mkdir(dirname(path), { recursive: true });
  await rm(path, { force: true });
  await symlink(target, path);
  return true;
}
