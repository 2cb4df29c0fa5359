// TargetVmPort on the cloud vCenter through @ferry/vsphere. The VM's annotation carries the migration
// id, so a retried CreateTargetVm finds the VM an earlier attempt made and a cancel finds what to remove.
import { createVm, destroyVm, powerOffHard, powerOn, retrieveContainer, runTask, str, type DeviceSpec, type MoRef, type VmPlacement, type VsphereClient } from '@ferry/vsphere';
import { ValidationError } from '@ferry/errors';
import type { TargetPlacement, VmRef } from '../migration';
import type { Effect, TargetVmPort } from '../orchestration';
import { migrationFolder, targetDiskFiles } from './datastore-layout';

/** Where target VMs go on the cloud vCenter, and the datastores a cancel cleans. */
export interface CloudSite {
  readonly placement: VmPlacement;
  readonly datacenter: MoRef;
  readonly datastores: readonly string[];
}

const TAG = 'ferry-migration-id=';
/** The SearchIndex singleton of a vCenter. */
const SEARCH_INDEX: MoRef = { type: 'SearchIndex', value: 'SearchIndex' };

export function migrationAnnotation(migrationId: string): string {
  return `Created by Ferry. ${TAG}${migrationId}`;
}

export class VsphereTargetVms implements TargetVmPort {
  /** `site`: resolved once, lazily, by the caller (the VM folder, resource pool and datastores). */
  constructor(private readonly client: VsphereClient, private readonly site: () => Promise<CloudSite>) {}

  async findByMigration(migrationId: string): Promise<VmRef | undefined> {
    return (await this.tagged(migrationId))[0];
  }

  async create(effect: Extract<Effect, { kind: 'CreateTargetVm' }>): Promise<{ vm: VmRef; diskPaths: string[] }> {
    const { hardware } = effect;
    const datastore = effect.disks[0]?.datastore ?? '';
    const devices: DeviceSpec[] = [
      { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
      // Unit 7 is the SCSI controller's own slot. Each disk is the VMDK the copy step put on the mapped datastore.
      ...effect.disks.map((disk, i): DeviceSpec => ({
        kind: 'disk', controllerKey: -1, unitNumber: i < 7 ? i : i + 1, capacityKB: Math.ceil(disk.capacityBytes / 1024),
        fileName: `[${disk.datastore}] ${targetDiskFiles(effect.migrationId, disk.diskKey).descriptor}`,
      })),
      ...effect.nics.map((nic): DeviceSpec => ({ kind: 'nic', adapter: adapterOf(nic.adapter), network: { name: nic.network }, macAddress: nic.macAddress })),
    ];
    const moref = await createVm(this.client, await this.placementFor(effect.placement), {
      name: effect.name,
      guestId: hardware.guestId,
      annotation: migrationAnnotation(effect.migrationId),
      vmPathName: `[${datastore}]`,
      numCPUs: hardware.numCpus,
      numCoresPerSocket: hardware.coresPerSocket,
      memoryMB: hardware.memoryMib,
      firmware: hardware.firmware === 'efi' ? 'efi' : 'bios',
      addDevices: devices,
    });
    const diskPaths = effect.disks.map((disk) => `[${disk.datastore}] ${targetDiskFiles(effect.migrationId, disk.diskKey).descriptor}`);
    return { vm: { vcenter: 'cloud', moref: moref.value, name: effect.name }, diskPaths };
  }

  async powerOn(vm: VmRef): Promise<void> {
    await powerOn(this.client, { type: 'VirtualMachine', value: vm.moref });
  }

  async removeByMigration(migrationId: string): Promise<string[]> {
    const removed: string[] = [];
    for (const vm of await this.tagged(migrationId)) {
      const ref = { type: 'VirtualMachine', value: vm.moref };
      await powerOffHard(this.client, ref);
      await destroyVm(this.client, ref);
      removed.push(`target ${vm.moref} removed`);
    }
    // The uploaded disks live outside the VM's folder (a copy may have ended before any VM existed).
    const { datacenter, datastores } = await this.site();
    const fileManager = this.client.content.fileManager;
    if (!fileManager) throw new Error(`cloud vCenter ${this.client.server} has no FileManager; remove the folders ${migrationFolder(migrationId)} by hand`);
    for (const datastore of datastores) {
      const name = `[${datastore}] ${migrationFolder(migrationId)}`;
      try {
        await runTask(this.client, 'DeleteDatastoreFile_Task', fileManager, { name, datacenter: { '@_type': datacenter.type, '#text': datacenter.value } });
        removed.push(`${name} deleted`);
      } catch (error) {
        if (!/FileNotFound|CannotDeleteFile|not found|no such file/i.test(String(error))) throw error;
      }
    }
    return removed;
  }

  /** The plan's VM folder and resource pool by inventory path ("/DC0/vm"); the site's defaults where the plan names none. */
  async placementFor(target: TargetPlacement): Promise<VmPlacement> {
    const { placement } = await this.site();
    const find = async (field: string, path: string, type: string): Promise<MoRef | undefined> => {
      if (!path) return undefined;
      const found = (await this.client.invokeValue('FindByInventoryPath', SEARCH_INDEX, { inventoryPath: path })) as MoRef | undefined;
      if (found?.type !== type) {
        throw new ValidationError(`target.${field}`, `"${path}" is not a ${type} on the cloud vCenter ${this.client.server}; use an inventory path like /DC0/vm or /DC0/host/Cluster/Resources`);
      }
      return found;
    };
    const [folder, resourcePool] = await Promise.all([find('folder', target.folder, 'Folder'), find('resource_pool', target.resourcePool, 'ResourcePool')]);
    return { folder: folder ?? placement.folder, resourcePool: resourcePool ?? placement.resourcePool };
  }

  private async tagged(migrationId: string): Promise<VmRef[]> {
    const found: VmRef[] = [];
    for await (const page of retrieveContainer(this.client, [{ type: 'VirtualMachine', paths: ['name', 'config.annotation'] }])) {
      for (const o of page) {
        if (str(o.props.get('config.annotation'))?.endsWith(`${TAG}${migrationId}`)) found.push({ vcenter: 'cloud', moref: o.obj.value, name: str(o.props.get('name')) ?? '' });
      }
    }
    return found;
  }
}

export function adapterOf(adapter: string): 'vmxnet3' | 'e1000' | 'e1000e' {
  return adapter === 'e1000' || adapter === 'e1000e' ? adapter : 'vmxnet3';
}
