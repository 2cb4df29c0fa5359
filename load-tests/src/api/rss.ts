// Resident memory of a process, from /proc/<pid>/status, sampled once a second.
import { readFile } from 'node:fs/promises';

const MiB = 1024; // /proc reports kB

/** VmRSS and VmHWM (the kernel's own peak) of `pid` in MiB; NaN when the process is gone. */
export async function memoryOf(pid: number): Promise<{ rssMiB: number; hwmMiB: number }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) / MiB : Number.NaN;
  };
  return { rssMiB: field('VmRSS'), hwmMiB: field('VmHWM') };
}

/** What a sampler saw. */
export interface RssFigures {
  /** VmRSS when sampling started. */
  startMiB: number;
  /** The largest VmRSS sample. */
  peakMiB: number;
  /** VmRSS at the last sample. */
  endMiB: number;
  samples: number;
}

/** Samples `pid`'s VmRSS every `everyMs` until stop() (which takes one last sample). */
export function sampleRss(pid: number, everyMs = 1000): { stop(): Promise<RssFigures> } {
  const seen: number[] = [];
  let pending: Promise<void> = Promise.resolve();
  const sample = (): Promise<void> =>
    (pending = pending.then(async () => {
      const { rssMiB } = await memoryOf(pid);
      if (!Number.isNaN(rssMiB)) seen.push(rssMiB);
    }));
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await sample();
      const r = (v: number | undefined): number => (v === undefined ? Number.NaN : Math.round(v * 10) / 10);
      return { startMiB: r(seen[0]), peakMiB: r(seen.length ? Math.max(...seen) : undefined), endMiB: r(seen[seen.length - 1]), samples: seen.length };
    },
  };
}
