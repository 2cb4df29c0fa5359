import { exportVm, type ExportLease, type VsphereClient } from '@ferry/vsphere';

/** A disk source's hold on its VM's export lease. */
export interface ExportHold {
  lease: ExportLease;
  /** Gives the hold back; `completed` says whether this disk's stream was read to its end. */
  release(completed: boolean): Promise<void>;
}

interface SharedExport {
  lease: Promise<ExportLease>;
  holds: number;
  failed: boolean;
}

/**
 * One ExportVm lease per VM and vCenter session, shared by the sources of the VM's disks: a VM
 * being exported is locked by its lease, so two disks of one VM read through one lease. The last
 * release ends it: HttpNfcLeaseComplete when every disk reached the end of its stream, else
 * HttpNfcLeaseAbort (the VM is unlocked either way).
 */
const leases = new WeakMap<VsphereClient, Map<string, SharedExport>>();

/** Takes (or joins) the export lease of `vm` (a VirtualMachine moref value). */
export async function holdExport(client: VsphereClient, vm: string): Promise<ExportHold> {
  let perVm = leases.get(client);
  if (perVm === undefined) leases.set(client, (perVm = new Map()));
  let shared = perVm.get(vm);
  if (shared === undefined) {
    const created: SharedExport = { lease: exportVm(client, { type: 'VirtualMachine', value: vm }), holds: 0, failed: false };
    perVm.set(vm, (shared = created));
    created.lease.catch(() => perVm!.get(vm) === created && perVm!.delete(vm));
  }
  const held = shared;
  held.holds++;
  let lease: ExportLease;
  try {
    lease = await held.lease;
  } catch (error) {
    held.holds--;
    throw error;
  }
  let released = false;
  return {
    lease,
    release: async (completed) => {
      if (released) return;
      released = true;
      held.failed ||= !completed;
      if (--held.holds > 0) return;
      if (perVm!.get(vm) === held) perVm!.delete(vm);
      if (held.failed) await lease.abort();
      // A lease that already timed out cannot complete; abort (which never throws) then ends our side.
      else await lease.complete().catch(() => lease.abort());
    },
  };
}
