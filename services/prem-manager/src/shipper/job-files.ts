// Reading a transfer's files (its job directory): whole, or only whether they changed.
import { readFileSync, statSync } from 'node:fs';

/** The file's bytes, or none when there is no file. */
export function readOrEmpty(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * What changes when a file is appended to, rewritten or replaced (its inode, size and modification time), or
 * '-' when there is none: a cache of what a file holds stays true while its stamp does.
 */
export function fileStamp(path: string): string {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stat === undefined ? '-' : `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}
