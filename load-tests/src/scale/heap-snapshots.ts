// Heap snapshots of the appliances, for finding what a replica keeps per migration (BENCH_SCALE_HEAP_DIR).
// The appliances run with --heapsnapshot-signal, so the bench can ask for a snapshot at a moment of the
// run (the plan started, every migration ended) without an inspector; compare two in Chrome DevTools
// (Memory, "Comparison") or summarise them by constructor.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** NODE_OPTIONS for an appliance whose snapshots land in `dir` on SIGUSR2. */
export function heapSnapshotNodeOptions(dir: string): string {
  return `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;
}

const snapshotsIn = async (dir: string): Promise<string[]> => (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.heapsnapshot'));

/** Asks each pid for a snapshot and waits until that many new files stopped growing (a snapshot pauses the process while it writes). */
export async function takeHeapSnapshots(dir: string, pids: readonly number[], timeoutMs = 300_000): Promise<string[]> {
  const before = new Set(await snapshotsIn(dir));
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  const sizes = new Map<string, number>();
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const fresh = (await snapshotsIn(dir)).filter((name) => !before.has(name));
    const now = await Promise.all(fresh.map(async (name) => [name, (await stat(join(dir, name))).size] as const));
    const settled = now.length >= pids.length && now.every(([name, size]) => size > 0 && sizes.get(name) === size);
    for (const [name, size] of now) sizes.set(name, size);
    if (settled) return fresh.map((name) => join(dir, name));
  }
  throw new Error(`heap snapshots of ${pids.join(', ')} not written to ${dir} within ${timeoutMs / 1000} s`);
}
