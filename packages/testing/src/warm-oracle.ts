// The oracle of a warm migration's moved disk: the source with the chunks the guest wrote in the cloud
// laid over it. A test (or the demo) builds it from a raw copy of the source and of the moved disk and
// compares it with `qemu-img compare`, so a chunk the migration changed outside the recorded writes
// (or lost) shows as a difference.
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A closed range of chunk indexes, as MovedToStorage records the guest's writes. */
export interface WrittenSpan {
  first: number;
  last: number;
}

/**
 * Writes `out`: `sourceRaw` with every chunk in `spans` taken from `movedRaw`. Returns how many chunks
 * it took.
 */
export async function sourcePlusCloudWrites(sourceRaw: string, movedRaw: string, spans: readonly WrittenSpan[], chunkSize: number, out: string): Promise<number> {
  await run('cp', ['--sparse=always', sourceRaw, out]);
  const [moved, expected] = await Promise.all([open(movedRaw, 'r'), open(out, 'r+')]);
  const buffer = Buffer.alloc(chunkSize);
  let chunks = 0;
  try {
    for (const span of spans) {
      for (let index = span.first; index <= span.last; index++) {
        const { bytesRead } = await moved.read(buffer, 0, chunkSize, index * chunkSize);
        await expected.write(buffer, 0, bytesRead, index * chunkSize);
        chunks++;
      }
    }
  } finally {
    await Promise.all([moved.close(), expected.close()]);
  }
  return chunks;
}

/** The number of chunks in `spans`. */
export function chunksIn(spans: readonly WrittenSpan[]): number {
  return spans.reduce((sum, span) => sum + span.last - span.first + 1, 0);
}

/** Indexes of the `chunkSize` chunks in which two raw disks of one size differ (the oracle of a migrate back's hash compare). */
export async function differingChunks(rawA: string, rawB: string, chunkSize: number): Promise<number[]> {
  const [a, b] = await Promise.all([open(rawA, 'r'), open(rawB, 'r')]);
  const [bufferA, bufferB] = [Buffer.alloc(chunkSize), Buffer.alloc(chunkSize)];
  const differing: number[] = [];
  try {
    const size = Math.max((await a.stat()).size, (await b.stat()).size);
    for (let index = 0; index * chunkSize < size; index++) {
      const [readA, readB] = await Promise.all([a.read(bufferA, 0, chunkSize, index * chunkSize), b.read(bufferB, 0, chunkSize, index * chunkSize)]);
      // A short read past one file's end compares as zeros, like a sparse tail.
      bufferA.fill(0, readA.bytesRead);
      bufferB.fill(0, readB.bytesRead);
      if (!bufferA.equals(bufferB)) differing.push(index);
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
  return differing;
}
