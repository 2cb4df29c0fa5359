import { access, open } from 'node:fs/promises';
import { isAllZero } from '../layer';
import type { DiskWriter, RawWriterOptions } from '../types';
import { checkSize, checkWrite } from './checks';

/** Zero detection granularity: runs of this many zero bytes become holes. */
const BLOCK = 4096;
/** Granularity of the "ever written with data" map that decides whether zeros must be written. */
const DIRTY_CHUNK = 2 ** 20;

/** 'r+' keeps an existing file; 'w' creates a missing one. */
async function existingOr(path: string): Promise<'r+' | 'w'> {
  return access(path).then(
    () => 'r+' as const,
    () => 'w' as const,
  );
}

/**
 * Writes a raw image sparsely: the file is created (truncated) at `size`, so unwritten ranges
 * are holes; all-zero 4 KiB blocks are skipped unless that part of the file already holds data
 * written earlier by this writer (then the zeros are written, so rewrites are exact).
 */
export async function createRawWriter(path: string, size: number, options: RawWriterOptions = {}): Promise<DiskWriter> {
  checkSize(path, size);
  const handle = await open(path, options.resume ? await existingOr(path) : 'w');
  await handle.truncate(size);
  // On resume the old file may hold data anywhere: treat every chunk as written.
  const dirty = new Uint8Array(Math.ceil(size / DIRTY_CHUNK / 8)).fill(options.resume ? 0xff : 0);
  const isDirty = (offset: number) => ((dirty[Math.floor(offset / DIRTY_CHUNK / 8)] ?? 0) & (1 << Math.floor(offset / DIRTY_CHUNK) % 8)) !== 0;
  const markDirty = (from: number, to: number) => {
    for (let chunk = Math.floor(from / DIRTY_CHUNK); chunk * DIRTY_CHUNK < to; chunk++) {
      const byte = Math.floor(chunk / 8);
      dirty[byte] = (dirty[byte] ?? 0) | (1 << chunk % 8);
    }
  };
  let state: 'open' | 'finished' | 'aborted' = 'open';

  return {
    path,
    virtualSize: size,
    async write(offset: number, data: Buffer): Promise<void> {
      checkWrite(path, size, state, offset, data.length);
      // Walk the buffer in blocks aligned to the file, writing maximal runs that need writing.
      let runStart = -1;
      const flush = async (end: number) => {
        if (runStart < 0) return;
        await writeFully(handle, data.subarray(runStart, end), offset + runStart);
        markDirty(offset + runStart, offset + end);
        runStart = -1;
      };
      for (let at = 0; at < data.length; ) {
        const end = Math.min(data.length, at + BLOCK - ((offset + at) % BLOCK));
        const needed = !isAllZero(data.subarray(at, end)) || isDirty(offset + at) || isDirty(offset + end - 1);
        if (needed && runStart < 0) runStart = at;
        if (!needed) await flush(at);
        at = end;
      }
      await flush(data.length);
    },
    async finish(): Promise<void> {
      if (state !== 'open') return;
      state = 'finished';
      await handle.sync();
      await handle.close();
    },
    async abort(): Promise<void> {
      if (state !== 'open') return;
      state = 'aborted';
      await handle.close();
    },
  };
}

async function writeFully(handle: import('node:fs/promises').FileHandle, data: Buffer, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}
