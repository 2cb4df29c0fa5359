import type { VsphereClient } from './client';
import { faultToError } from './errors';
import { readProperty } from './property';
import { at, num, obj, str, type MoRef, type Plain } from './values';

/** Options of waitForTask. */
export interface TaskWaitOptions {
  /** Called with 0..100 whenever the task's progress changes. */
  onProgress?: (percent: number) => void;
  /** Give up after this many ms (default 10 minutes). */
  timeoutMs?: number;
  /** Poll interval in ms (default 150). */
  pollMs?: number;
  /** What the task does, for error messages (e.g. "PowerOffVM_Task on vm-42"). */
  what?: string;
}

/**
 * Waits for a vCenter task to end. Returns its result; a task error becomes the typed Ferry
 * error of its fault (InvalidPowerState → IllegalStateError, …) naming task, target and cause.
 */
export async function waitForTask(client: VsphereClient, task: MoRef, opts: TaskWaitOptions = {}): Promise<Plain | undefined> {
  const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
  let lastProgress = -1;
  for (;;) {
    const info = obj(await readProperty(client, task, 'info')) ?? {};
    const state = str(info.state);
    const progress = state === 'success' ? 100 : num(info.progress);
    if (progress !== undefined && progress !== lastProgress) {
      lastProgress = progress;
      opts.onProgress?.(progress);
    }
    if (state === 'success') return info.result;
    if (state === 'error') {
      const fault = obj(at(info, 'error.fault'));
      const entity = at(info, 'entity');
      throw faultToError({
        faultType: fault?.$type ?? 'SystemError',
        message: str(at(info, 'error.localizedMessage')) ?? '',
        method: opts.what ?? str(info.descriptionId) ?? str(info.name) ?? task.value,
        target: entity && typeof entity === 'object' && 'value' in entity ? `${String(entity.type)}:${String(entity.value)}` : task.value,
        server: client.server,
      });
    }
    if (Date.now() > deadline) {
      throw new Error(`vCenter ${client.server}: task ${task.value} (${opts.what ?? str(info.descriptionId) ?? ''}) still ${state} after ${opts.timeoutMs ?? 600_000} ms`);
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 150));
  }
}

/** Calls a *_Task method and waits for the task. */
export async function runTask(
  client: VsphereClient,
  method: string,
  target: MoRef,
  params: Parameters<VsphereClient['invoke']>[2] = {},
  opts: TaskWaitOptions = {},
): Promise<Plain | undefined> {
  const task = (await client.invokeValue(method, target, params)) as MoRef | undefined;
  if (!task) throw new Error(`vCenter ${client.server}: ${method} on ${target.type}:${target.value} returned no task`);
  return waitForTask(client, task, { what: `${method} on ${target.type}:${target.value}`, ...opts });
}
