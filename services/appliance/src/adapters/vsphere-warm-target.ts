// WarmTargetPort on the cloud vCenter: the target VM first boots over iSCSI from the cache volume
// (ferry.boot.iscsi.* in its ExtraConfig, which the cloud host reads at power-on), then is switched
// to the disks the move put on the mapped datastore. Tagged with the migration id like cold's target.
import {
  ISCSI_BOOT_KEYS, createVm, datastoreSpace, powerOff, powerOn, readProperty, reconfigureVm, runTask, setIscsiBoot, unregisterVm, type DeviceSpec, type VsphereClient,
} from '@ferry/vsphere';
import type { VmRef } from '../migration';
import type { EffectOf } from '../orchestration';
import type { WarmTargetPort } from '../orchestration/warm-ports';
import { adapterOf, migrationAnnotation, type CloudSite, type VsphereTargetVms } from './vsphere-target';

const ref = (vm: VmRef | string) => ({ type: 'VirtualMachine', value: typeof vm === 'string' ? vm : vm.moref });

export class VsphereWarmTarget implements WarmTargetPort {
  constructor(
    private readonly client: VsphereClient,
    private readonly site: () => Promise<CloudSite>,
    /** Cold's target adapter: the same placement rules (plan folder and pool, or the site's). */
    private readonly cold: VsphereTargetVms,
  ) {}

  async createOverCache(effect: EffectOf<'CreateTargetOverCache'>): Promise<VmRef> {
    const { hardware } = effect;
    await this.site();
    const devices: DeviceSpec[] = [
      // The controller the moved disks attach to later; the boot disk is the cache volume's LUN meanwhile.
      { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
      ...effect.nics.map((nic): DeviceSpec => ({ kind: 'nic', adapter: adapterOf(nic.adapter), network: { name: nic.network }, macAddress: nic.macAddress })),
    ];
    const moref = await createVm(this.client, await this.cold.placementFor(effect.placement), {
      name: effect.name,
      guestId: hardware.guestId,
      annotation: migrationAnnotation(effect.migrationId),
      vmPathName: `[${effect.datastore}]`,
      numCPUs: hardware.numCpus,
      numCoresPerSocket: hardware.coresPerSocket,
      memoryMB: hardware.memoryMib,
      firmware: hardware.firmware === 'efi' ? 'efi' : 'bios',
      addDevices: devices,
    });
    await setIscsiBoot(this.client, moref, { portal: effect.boot.portal, iqn: effect.boot.iqn, lun: effect.boot.lun, chapUser: effect.boot.chapUser });
    return { vcenter: 'cloud', moref: moref.value, name: effect.name };
  }

  async datastoreFreeBytes(datastore: string): Promise<number | undefined> {
    return (await datastoreSpace(this.client, datastore))?.freeBytes;
  }

  powerOff(vm: VmRef, guestTimeoutMs: number): Promise<{ method: 'guest' | 'hard' | 'already' }> {
    return powerOff(this.client, ref(vm), guestTimeoutMs);
  }

  async switchToDisks(vm: VmRef, disks: readonly { datastorePath: string; capacityBytes: number; shellVm: string }[]): Promise<void> {
    const devices = JSON.stringify(await readProperty(this.client, ref(vm), 'config.hardware.device'));
    // A switch an earlier run finished has these files attached already.
    const missing = disks.filter((disk) => !devices.includes(disk.datastorePath));
    if (missing.length > 0) {
      await reconfigureVm(this.client, ref(vm), {
        addDevices: [
          { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 1 },
          ...missing.map((disk, i): DeviceSpec => ({ kind: 'disk', controllerKey: -1, unitNumber: i < 7 ? i : i + 1, capacityKB: Math.ceil(disk.capacityBytes / 1024), fileName: disk.datastorePath })),
        ],
      });
    }
    // vSphere drops a key set to "": the VM no longer boots over iSCSI.
    await reconfigureVm(this.client, ref(vm), { extraConfig: Object.fromEntries(Object.values(ISCSI_BOOT_KEYS).map((key) => [key, ''])) });
    for (const disk of disks) {
      await unregisterVm(this.client, ref(disk.shellVm)).catch((error: unknown) => {
        // Gone already (an earlier run unregistered it).
        if (!/ManagedObjectNotFound|has already been deleted|not found/i.test(String(error))) throw error;
      });
    }
  }

  async powerOn(vm: VmRef): Promise<void> {
    await powerOn(this.client, ref(vm));
  }

  async purge(migrationId: string, storageDisks: readonly string[]): Promise<string[]> {
    const steps = await this.cold.removeByMigration(migrationId);
    // A moved disk outside the VM's folder survives the VM's removal: deleted through the VirtualDiskManager (descriptor and extent).
    const manager = this.client.content.virtualDiskManager;
    if (storageDisks.length > 0 && !manager) throw new Error(`cloud vCenter ${this.client.server} has no VirtualDiskManager; delete ${storageDisks.join(', ')} by hand`);
    const { datacenter } = await this.site();
    for (const name of storageDisks) {
      try {
        await runTask(this.client, 'DeleteVirtualDisk_Task', manager!, { name, datacenter: { '@_type': datacenter.type, '#text': datacenter.value } });
        steps.push(`${name} deleted`);
      } catch (error) {
        if (!/FileNotFound|not found|no such file/i.test(String(error))) throw error;
      }
    }
    return steps;
  }
}
