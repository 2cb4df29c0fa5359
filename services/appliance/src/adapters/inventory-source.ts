// SourceVmPort on the prem side: readiness and hardware from the inventory service (AssessVm, which
// carries the VM record), the power state and power changes straight from the prem vCenter.
import { NotFoundError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { powerState, type VsphereClient } from '@ferry/vsphere';
import type { MigrationMode, SourceHardware, VmRef } from '../migration';
import { inventoryModeOf } from '../api/vm-views';
import type { SourceInspection, SourceVmPort } from '../orchestration';
import type { Inventory } from '../api';
import { assessedDatastore } from './assessed-datastore';
import { VsphereSourcePower } from './vsphere-source-power';
import inv = ferry.inventory.v1;

/** "VirtualVmxnet3" → "vmxnet3", "VirtualE1000e" → "e1000e". */
export function adapterName(adapterType: string): string {
  return adapterType.replace(/^Virtual/, '').toLowerCase();
}

/** The hardware a target VM is built from, as the inventory recorded the source. */
export function hardwareOf(vm: inv.IVm): SourceHardware {
  return {
    numCpus: vm.cpus ?? 0,
    coresPerSocket: vm.coresPerSocket || 1,
    memoryMib: vm.memoryMib ?? 0,
    firmware: vm.firmware || 'bios',
    guestId: vm.guestId ?? '',
    nics: (vm.nics ?? []).map((nic) => ({ macAddress: nic.macAddress ?? '', network: nic.network ?? '', adapter: adapterName(nic.adapterType ?? '') })),
  };
}

/** The support matrix's "Not qualified" rule: a warning a warm plan must accept. */
const NOT_QUALIFIED_RULE = 'guest-os-not-qualified';

/** "rule-id: message. Fix: remedy" for each finding of a severity that `keep` keeps. */
function findings(assessment: inv.IModeAssessment | undefined, severity: inv.Severity, keep: (ruleId: string) => boolean = () => true): string[] {
  return (assessment?.findings ?? [])
    .filter((f) => f.severity === severity && keep(f.ruleId ?? ''))
    .map((f) => `${f.ruleId}: ${f.message}. Fix: ${f.remedy}`);
}



export class InventorySourceVms implements SourceVmPort {
  private readonly power: VsphereSourcePower;

  constructor(private readonly inventory: Inventory, private readonly prem: VsphereClient) {
    this.power = new VsphereSourcePower(prem);
  }

  async inspect(vm: VmRef, mode: MigrationMode, targetDatastores: readonly string[]): Promise<SourceInspection> {
    // Warm goes to a cloud vCenter: the matrix's VCS column (VCD is a cloud director target, not driven here).
    const assessmentMode = inventoryModeOf(mode);
    // The mapped cloud datastore: the inventory checks it has room for the VM's disks (target-datastore-space).
    const datastore = await assessedDatastore(this.inventory, targetDatastores);
    const targetDatastoreId = datastore !== undefined && 'id' in datastore ? datastore.id : '';
    const reply = await this.inventory.assessVm({ site: inv.Site.SITE_PREM, id: vm.moref, mode: assessmentMode, targetDatastoreId });
    if (!reply.vm) throw new NotFoundError(`the inventory has no prem VM ${vm.moref} (${vm.name}); check that it still exists, then retry the migration`);
    const assessment = reply.assessments.find((a) => a.mode === assessmentMode);
    return {
      hardware: hardwareOf(reply.vm),
      // The inventory lags behind vCenter by a sync; the power state decides whether a cancel powers the source back on.
      powerState: await powerState(this.prem, { type: 'VirtualMachine', value: vm.moref }),
      blockers: findings(assessment, inv.Severity.SEVERITY_CRITICAL),
      warnings: [...findings(assessment, inv.Severity.SEVERITY_WARNING, (rule) => rule !== NOT_QUALIFIED_RULE), ...(datastore !== undefined && 'warning' in datastore ? [datastore.warning] : [])],
      unqualified: findings(assessment, inv.Severity.SEVERITY_WARNING, (rule) => rule === NOT_QUALIFIED_RULE),
    };
  }

  powerOff(vm: VmRef, guestTimeoutMs: number): Promise<{ method: 'guest' | 'hard' | 'already' }> {
    return this.power.powerOff(vm, guestTimeoutMs);
  }

  powerOn(vm: VmRef): Promise<void> {
    return this.power.powerOn(vm);
  }
}
