// GuestNetworkPort through guest-prep: the warm move's moved disks get the network files captured at
// preparation back (the same command as the way back's restore, without undoing the preparation). The
// import made each moved disk a flat VMDK; guest-prep mounts its -flat extent where it sees the cloud
// datastores (TARGET_VOLUMES). A disk whose files are as captured is only looked at, read-only.
import { posix } from 'node:path';
import type { NatsConnection } from 'nats';
import type { GuestNetworkPort } from '../orchestration/warm-ports';
import type { VmRef } from '../migration';
import { parseDatastorePath } from './datastore-layout';
import { RESTORE_SUBJECT, sendRestoreRun } from './guest-prep-restore';

/** The network re-apply guest-prep ran and reported failed, with its reason. */
export class NetworkReapplyFailedError extends Error {
  override readonly name = 'NetworkReapplyFailedError';
}

/** Where guest-prep finds a moved disk's data: "<volumes>/<datastore>/<folder>/<name>-flat.vmdk". */
export function movedFlatExtent(targetVolumes: string, datastorePath: string): string {
  const { datastore, path } = parseDatastorePath(datastorePath);
  return posix.join(targetVolumes, datastore, path.replace(/\.vmdk$/i, '-flat.vmdk'));
}

export class GuestPrepNetworkReapply implements GuestNetworkPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly options: { readonly targetVolumes: string; readonly timeoutMs: number },
  ) {}

  async reapply(request: { migrationId: string; runId: string; vm: VmRef; datastorePaths: readonly string[]; networkFiles: Readonly<Record<string, string>> }): Promise<string[]> {
    const diskImages = request.datastorePaths.map((p) => movedFlatExtent(this.options.targetVolumes, p));
    const command = {
      commandId: `${request.runId}-request`, restoreId: request.runId, vmId: request.vm.moref, actor: { kind: 'service', id: 'appliance' },
      diskImages, networkFiles: { ...request.networkFiles }, undoPrep: false,
    };
    const reply = await sendRestoreRun(this.nc, command, this.options.timeoutMs,
      `guest-prep did not take the network re-apply on the moved disks of ${request.vm.moref} (${RESTORE_SUBJECT}, run ${request.runId}): start the guest-prep service on this NATS (${this.nc.getServer()}) with the cloud datastores mounted at ${this.options.targetVolumes}, then retry the migration (the VM stays off on its moved disks)`);
    if (!reply.ok) {
      throw new NetworkReapplyFailedError(`re-applying the captured network on the moved disks of ${request.vm.moref} (${request.vm.name}) failed (guest-prep run ${request.runId}): ${reply.message || 'no reason given'}; the VM stays off on its moved disks — fix the cause, then retry the migration`);
    }
    return reply.steps.map((s) => `${s.step}: ${s.status} - ${s.message}`);
  }
}
