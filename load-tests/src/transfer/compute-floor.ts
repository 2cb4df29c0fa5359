import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { FrameOpener, newDataKey, SenderSession } from '@ferry/block-pipeline';

interface Job {
  path: string;
  chunks: Array<{ index: number; offset: number; length: number }>;
}

/** One worker's sealing of its chunks (sender), then opening of the frames (receiver): wall seconds and the thread's CPU-seconds. */
interface Times {
  seal: number;
  sealCpu: number;
  openCpu: number;
}

const since = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * CPU-seconds this thread has used (user + system, from /proc/thread-self: a synchronous read runs on
 * the calling thread). Unlike wall time, other processes on a busy machine do not inflate it.
 */
function threadCpuSeconds(): number {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Worker: loads its chunks into memory, times the sender's hashing + zstd + AES-GCM of all of them,
 * then the receiver's AES-GCM + zstd decompression + hash check of the frames it made.
 */
async function work(job: Job): Promise<Times> {
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
  const cpu0 = threadCpuSeconds();
  const frames = job.chunks.map((chunk, i) => session.seal({ ...chunk, data: buffers[i] }));
  const seal = since(started);
  const cpu1 = threadCpuSeconds();
  const opener = new FrameOpener(session.key, session.params);
  const into = Buffer.alloc(Math.max(0, ...job.chunks.map((c) => c.length)));
  for (const frame of frames) opener.open(frame, into);
  return { seal, sealCpu: cpu1 - cpu0, openCpu: threadCpuSeconds() - cpu1 };
}

if (!isMainThread) {
  void work(workerData as Job).then((times) => parentPort!.postMessage(times));
}

/** The compute floor of one set of chunks. */
export interface ComputeFloor {
  /** Wall time of the sender's work split over the threads (the slowest thread): the floor the bench always reported. */
  senderSeconds: number;
  /** CPU-seconds of the sender's work, all threads. */
  senderCpuSeconds: number;
  /** CPU-seconds of the receiver's work on the same frames, all threads. */
  receiverCpuSeconds: number;
}

/**
 * The compute floor: the same per-chunk hashing, compression and encryption ferry does, of the
 * same data chunks, in memory, split over `threads` worker threads (both cores), and the receiver's
 * verification of the frames that made. The two-ended floor is senderCpuSeconds + receiverCpuSeconds.
 */
export async function computeFloor(path: string, chunks: Job['chunks'], threads = 2): Promise<ComputeFloor> {
  const parts = Array.from({ length: threads }, (_, t) => chunks.filter((_c, i) => i % threads === t));
  const times = await Promise.all(
    parts.map((part) => new Promise<Times>((resolve, reject) => {
      const worker = new Worker(__filename, { workerData: { path, chunks: part } satisfies Job });
      worker.once('message', (result: Times) => {
        resolve(result);
        void worker.terminate();
      });
      worker.once('error', reject);
    })),
  );
  const sum = (key: keyof Times): number => times.reduce((total, t) => total + t[key], 0);
  return { senderSeconds: Math.max(...times.map((t) => t.seal)), senderCpuSeconds: sum('sealCpu'), receiverCpuSeconds: sum('openCpu') };
}
