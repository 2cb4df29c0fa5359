import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

/** CPU counters at one moment: per named process (user + system, ms) and the whole machine. */
export interface CpuSnapshot {
  at: number;
  byProcess: Record<string, number>;
  machineBusy: number;
  machineTotal: number;
}

/** What ran between two snapshots. */
export interface CpuUse {
  wallS: number;
  /** CPU-seconds of each process (10 ms ticks, so meaningful over hundreds of ms). */
  byProcessS: Record<string, number>;
  /** Share of all cores busy (anyone's work, other tenants' too), percent. */
  machineBusyPct: number;
  /** CPU-seconds the machine spent busy, all cores together. */
  machineBusyS: number;
  /** machineBusyS less the named processes: kernel threads, NATS, other tenants. */
  elsewhereS: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

async function processMs(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = text.replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Snapshot of `pids` (name → pid; a missing pid counts 0) and of /proc/stat's all-CPU line. */
export async function cpuSnapshot(pids: Record<string, number | undefined>): Promise<CpuSnapshot> {
  const byProcess: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) byProcess[name] = pid === undefined ? 0 : await processMs(pid);
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { at: performance.now(), byProcess, machineBusy: total - idle, machineTotal: total };
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const byProcessS: Record<string, number> = {};
  for (const name of Object.keys(a.byProcess)) byProcessS[name] = Math.round(((b.byProcess[name] ?? 0) - (a.byProcess[name] ?? 0))) / 1000;
  const total = b.machineTotal - a.machineTotal;
  const machineBusyS = ((b.machineBusy - a.machineBusy) * TICK_MS) / 1000;
  const named = Object.values(byProcessS).reduce((x, y) => x + y, 0);
  return {
    wallS: (b.at - a.at) / 1000,
    byProcessS,
    machineBusyPct: total > 0 ? Math.round(((b.machineBusy - a.machineBusy) / total) * 1000) / 10 : 0,
    machineBusyS: Math.round(machineBusyS * 100) / 100,
    elsewhereS: Math.round(Math.max(0, machineBusyS - named) * 100) / 100,
  };
}
