// After the migration the replica on the cloud datastore must equal the source except for what the
// fixup wrote. Checked the way an operator would: the boot area (MBR and the boot loader's gap
// before the root partition) byte for byte, then both root file systems mounted read-only and
// compared file by file (rsync --checksum in dry-run mode lists every file that differs).
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { withReadOnlyPartition } from '@ferry/testing';

const run = promisify(execFile);

/** What differs between the source disk and its migrated, fixed-up replica. */
export interface ReplicaComparison {
  /** The bytes before the root partition (partition table, boot loader) are identical. */
  readonly bootAreaIdentical: boolean;
  /** Files of the root file system that differ or exist on one side only (relative paths). */
  readonly changedFiles: readonly string[];
}

async function head(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}


/** Compares the source's and the replica's flat extents (raw disks) whose root partition starts at `rootOffset`. */
export async function compareReplica(sourceFlat: string, replicaFlat: string, rootOffset: number): Promise<ReplicaComparison> {
  const bootAreaIdentical = (await head(sourceFlat, rootOffset)).equals(await head(replicaFlat, rootOffset));
  const changedFiles = await withReadOnlyPartition(sourceFlat, rootOffset, (source) =>
    withReadOnlyPartition(replicaFlat, rootOffset, async (replica) => {
      // -n: list only; -c: by content; --delete: also name files only the replica has.
      const { stdout } = await run('rsync', ['-rlcn', '--delete', '--out-format=%n', `${source}/`, `${replica}/`], { maxBuffer: 16 << 20 });
      return stdout
        .split('\n')
        .map((l) => l.replace(/^deleting /, '').trim())
        .filter((l) => l && !l.endsWith('/') && !l.startsWith('skipping non-regular file'));
    }),
  );
  return { bootAreaIdentical, changedFiles };
}
