// Paths inside a mounted guest root. A guest symlink may point anywhere by an absolute path, which on
// this host would leave the guest: such files are reported, never followed.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const pathExists = (path: string): Promise<boolean> => lstat(path).then(() => true, () => false);

/** What a guest path is in the mounted root: absent, a regular file (with its mode), a symlink or something else. */
export async function guestPathKind(root: string, guestPath: string): Promise<{ kind: 'absent' | 'file' | 'symlink' | 'other'; mode?: number }> {
  const st = await lstat(join(root, guestPath)).catch(() => undefined);
  if (!st) return { kind: 'absent' };
  if (st.isSymbolicLink()) return { kind: 'symlink' };
  if (st.isFile()) return { kind: 'file', mode: st.mode & 0o7777 };
  return { kind: 'other' };
}

/** Entries of a guest folder whose names match `pattern` (none when the folder is missing), as guest paths. */
export async function guestFilesIn(root: string, guestDir: string, pattern: RegExp): Promise<string[]> {
  const names = await readdir(join(root, guestDir)).catch(() => [] as string[]);
  return names.filter((n) => pattern.test(n)).sort().map((n) => `${guestDir}/${n}`);
}
