import type { VsphereClient } from './client';
import { faultTypeOf } from './errors';
import { readProperty } from './property';
import { configSpecXml, type VmConfigSpec } from './spec';
import { runTask, type TaskWaitOptions } from './tasks';
import { ref, str, type MoRef } from './values';
import { morXml } from './xml';

/** Where CreateVM puts a new VM. */
export interface VmPlacement {
  folder: MoRef;
  resourcePool: MoRef;
  host?: MoRef;
}

/** Creates a VM (CreateVM_Task) and returns its reference. */
export async function createVm(client: VsphereClient, placement: VmPlacement, spec: VmConfigSpec, opts: TaskWaitOptions = {}): Promise<MoRef> {
  const result = await runTask(
    client,
    'CreateVM_Task',
    placement.folder,
    { config: configSpecXml(spec), pool: morXml(placement.resourcePool), host: placement.host ? morXml(placement.host) : undefined },
    opts,
  );
  const vm = ref(result);
  if (!vm) throw new Error(`vCenter ${client.server}: CreateVM_Task for "${spec.name ?? ''}" succeeded without a VM reference`);
  return vm;
}

/** Changes a VM's configuration (ReconfigVM_Task): add/remove devices, CPU, memory, CBT, extraConfig … */
export async function reconfigureVm(client: VsphereClient, vm: MoRef, spec: VmConfigSpec, opts: TaskWaitOptions = {}): Promise<void> {
  await runTask(client, 'ReconfigVM_Task', vm, { spec: configSpecXml(spec) }, opts);
}

/** Powers a VM on (no-op when already on). */
export async function powerOn(client: VsphereClient, vm: MoRef, opts: TaskWaitOptions = {}): Promise<void> {
  if ((await powerState(client, vm)) === 'poweredOn') return;
  await runTask(client, 'PowerOnVM_Task', vm, {}, opts);
}

/** Hard power-off (no-op when already off). */
export async function powerOffHard(client: VsphereClient, vm: MoRef, opts: TaskWaitOptions = {}): Promise<void> {
  if ((await powerState(client, vm)) === 'poweredOff') return;
  try {
    await runTask(client, 'PowerOffVM_Task', vm, {}, opts);
  } catch (error) {
    // The guest may finish shutting down between the check and the task: off is what was asked.
    if (!(await turnedOffMeanwhile(client, vm, error))) throw error;
  }
}

/** Whether `error` is a power-state refusal of a VM that is now off (a race with a guest shutdown). */
async function turnedOffMeanwhile(client: VsphereClient, vm: MoRef, error: unknown): Promise<boolean> {
  const type = faultTypeOf(error);
  if (type !== 'InvalidPowerState' && type !== 'InvalidState') return false;
  return (await powerState(client, vm)) === 'poweredOff';
}

/** runtime.powerState: poweredOn, poweredOff or suspended. */
export async function powerState(client: VsphereClient, vm: MoRef): Promise<string> {
  return str(await readProperty(client, vm, 'runtime.powerState')) ?? 'unknown';
}

/** How a power-off went. */
export interface PowerOffOutcome {
  /** 'guest' when the guest shut down by itself, 'hard' after the timeout or without Tools, 'already' if it was off. */
  method: 'guest' | 'hard' | 'already';
}

/**
 * Powers a VM off gently: ShutdownGuest through VMware Tools, wait up to `guestTimeoutMs`
 * for poweredOff, then a hard PowerOffVM_Task. Without running Tools it powers off at once.
 */
export async function powerOff(client: VsphereClient, vm: MoRef, guestTimeoutMs = 120_000): Promise<PowerOffOutcome> {
  if ((await powerState(client, vm)) === 'poweredOff') return { method: 'already' };
  try {
    await client.invoke('ShutdownGuest', vm);
  } catch (error) {
    if (await turnedOffMeanwhile(client, vm, error)) return { method: 'already' };
    const type = faultTypeOf(error);
    if (type !== 'ToolsUnavailable' && type !== 'InvalidState' && type !== 'GuestOperationsUnavailable') throw error;
    await powerOffHard(client, vm);
    return { method: 'hard' };
  }
  const deadline = Date.now() + guestTimeoutMs;
  while (Date.now() < deadline) {
    if ((await powerState(client, vm)) === 'poweredOff') return { method: 'guest' };
    await new Promise((r) => setTimeout(r, 250));
  }
  await powerOffHard(client, vm);
  return { method: 'hard' };
}

/** Creates a snapshot and returns its reference. */
export async function createSnapshot(
  client: VsphereClient,
  vm: MoRef,
  name: string,
  opts: { description?: string; memory?: boolean; quiesce?: boolean } = {},
): Promise<MoRef> {
  const result = await runTask(client, 'CreateSnapshot_Task', vm, {
    name,
    description: opts.description ?? '',
    memory: opts.memory ?? false,
    quiesce: opts.quiesce ?? false,
  });
  const snap = ref(result);
  if (!snap) throw new Error(`vCenter ${client.server}: CreateSnapshot_Task "${name}" on ${vm.value} returned no snapshot reference`);
  return snap;
}

/** Removes one snapshot (its children stay unless removeChildren). */
export async function removeSnapshot(client: VsphereClient, snapshot: MoRef, removeChildren = false): Promise<void> {
  await runTask(client, 'RemoveSnapshot_Task', snapshot, { removeChildren, consolidate: true });
}

/** Destroys a VM and its files. */
export async function destroyVm(client: VsphereClient, vm: MoRef): Promise<void> {
  await runTask(client, 'Destroy_Task', vm);
}

/** Removes a VM from the inventory and keeps its files (its disks can then belong to another VM). */
export async function unregisterVm(client: VsphereClient, vm: MoRef): Promise<void> {
  await client.invoke('UnregisterVM', vm);
}
