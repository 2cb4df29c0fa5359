import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Read-only view of a guest's files by absolute guest path. Pure domain code (detection,
 * normalisation) reads through it; tests give it a map of sample files.
 */
export interface FileView {
  /** The file's text, or undefined when it does not exist. */
  read(path: string): string | undefined;
  /** Names in a folder (not paths), sorted; empty when it does not exist. */
  list(dir: string): string[];
}

/** A FileView over a guest root mounted at `root` on this host. Symlinks are not followed outside it. */
export function rootFileView(root: string): FileView {
  return {
    read(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    list(dir) {
      try {
        return readdirSync(join(root, dir)).sort();
      } catch {
        return [];
      }
    },
  };
}

/** A FileView over an in-memory map of guest paths to contents (tests, captured files). */
export function mapFileView(files: Readonly<Record<string, string>>): FileView {
  return {
    read: (path) => files[path],
    list: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      return Object.keys(files)
        .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
        .map((p) => p.slice(prefix.length))
        .sort();
    },
  };
}
