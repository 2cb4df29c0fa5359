import { open } from 'node:fs/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { newDataKey, SenderSession } from '@ferry/block-pipeline';

interface Job {
  path: string;
  chunks: Array<{ index: number; offset: number; length: number }>;
}

/** Worker: loads its chunks into memory, then times hashing + zstd + AES-GCM of all of them. */
async function work(job: Job): Promise<number> {
  const file = await open(job.path, 'r');
  const buffers: Buffer[] = [];
  for (const chunk of job.chunks) {
    const buffer = Buffer.alloc(chunk.length);
    await file.read(buffer, 0, chunk.length, chunk.offset);
    buffers.push(buffer);
  }
  await file.close();
  const session = new SenderSession(newDataKey(), { migrationId: 'bench', diskId: 'floor', generation: 1 });
  const started = process.hrtime.bigint();
  job.chunks.forEach((chunk, i) => session.seal({ ...chunk, data: buffers[i] }));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

if (!isMainThread) {
  void work(workerData as Job).then((seconds) => parentPort!.postMessage(seconds));
}

/**
 * The compute floor: the same per-chunk hashing, compression and encryption ferry does, of the
 * same data chunks, in memory, split over `threads` worker threads (both cores). Returns the wall
 * time of the slowest worker.
 */
export async function computeFloor(path: string, chunks: Job['chunks'], threads = 2): Promise<number> {
  const parts = Array.from({ length: threads }, (_, t) => chunks.filter((_c, i) => i % threads === t));
  const times = await Promise.all(
    parts.map((part) => new Promise<number>((resolve, reject) => {
      const worker = new Worker(__filename, { workerData: { path, chunks: part } satisfies Job });
      worker.once('message', (seconds: number) => {
        resolve(seconds);
        void worker.terminate();
      });
      worker.once('error', reject);
    })),
  );
  return Math.max(...times);
}
