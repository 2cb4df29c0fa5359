import { readFile } from 'node:fs/promises';
import type { ServiceHandle } from '@ferry/testing';

/** A process's peak resident set (VmHWM), MiB. */
export async function peakRssMib(pid: number | undefined): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** A process's resident set now, MiB. */
export async function currentRssMib(pid: number | undefined): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? NaN) / 1024);
}

/** CPU seconds a process has used so far, in user and in system mode, and its minor page faults (fresh memory touched). */
export async function processCounters(pid: number | undefined): Promise<{ user: number; sys: number; faults: number }> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) /, '').split(' ');
  return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100, faults: Number(fields[7]) };
}

/** Each service's counters, by name. */
export async function countersOf(services: Record<string, ServiceHandle>): Promise<Record<string, { user: number; sys: number; faults: number }>> {
  return Object.fromEntries(await Promise.all(Object.entries(services).map(async ([name, s]) => [name, await processCounters(s.pid)] as const)));
}

/** Each service's value of `read`, by name. */
export async function perService(services: Record<string, ServiceHandle>, read: (pid: number | undefined) => Promise<number>): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(Object.entries(services).map(async ([name, s]) => [name, await read(s.pid)] as const)));
}
