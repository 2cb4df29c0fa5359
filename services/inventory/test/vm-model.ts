import { createVm, powerOn, type DefaultPlacement, type DeviceSpec, type MoRef, type VsphereClient } from '@ferry/vsphere';

/** What the test asked vCenter to create, to compare with what the inventory collected. */
export interface ModelVm {
  name: string;
  guestId: string;
  guestFullName: string;
  firmware: 'bios' | 'efi';
  cpus: number;
  memoryMiB: number;
  cbt: boolean;
  powerOn: boolean;
  disks: Array<{ capacityKB: number; controller: string; diskMode: string }>;
  nics: Array<{ network: string; adapter: string; ip?: string }>;
  ref?: MoRef;
}

const oses: Array<[string, string]> = [
  ['rhel7_64Guest', 'Red Hat Enterprise Linux 7.6'],
  ['ubuntu64Guest', 'Ubuntu Server 20.04'],
  ['windows9Server64Guest', 'Microsoft Windows Server 2019 (64-bit)'],
  ['centos7_64Guest', 'CentOS 7.5(1804)'],
  ['sles15_64Guest', 'SUSE Linux Enterprise Server 15 SP2'],
  ['windows8Server64Guest', 'Microsoft Windows Server 2012 R2 (64-bit)'],
  ['otherLinux64Guest', 'Alpine Linux 3.18'],
];
const controllers = ['pvscsi', 'lsilogic', 'lsilogic-sas', 'sata'] as const;
const controllerTypes: Record<(typeof controllers)[number], string> = {
  pvscsi: 'ParaVirtualSCSIController', lsilogic: 'VirtualLsiLogicController', 'lsilogic-sas': 'VirtualLsiLogicSASController', sata: 'VirtualAHCIController',
};

/** A deterministic mixed model of `count` VMs (guest OS, firmware, disks, NICs, CBT, power). */
export function mixedModel(count: number, networks: string[]): ModelVm[] {
  return Array.from({ length: count }, (_, i) => {
    const [guestId, guestFullName] = oses[i % oses.length]!;
    const controller = controllers[i % controllers.length]!;
    const diskCount = 1 + (i % 3);
    const nicCount = 1 + (i % 2);
    return {
      name: i % 9 === 8 ? `Legacy_App ${i}` : `vm-${String(i).padStart(3, '0')}`,
      guestId,
      guestFullName,
      firmware: i % 2 === 0 ? 'efi' : 'bios',
      cpus: 1 + (i % 4),
      memoryMiB: 512 * (1 + (i % 4)),
      cbt: i % 3 !== 0,
      powerOn: i % 4 !== 0,
      disks: Array.from({ length: diskCount }, (_, d) => ({
        capacityKB: (d + 1) * 1024 * (1 + (i % 5)),
        controller: controllerTypes[controller],
        diskMode: i % 10 === 7 && d === 0 ? 'independent_persistent' : 'persistent',
      })),
      nics: Array.from({ length: nicCount }, (_, n) => ({
        network: networks[(i + n) % networks.length]!,
        adapter: n === 0 ? 'VirtualVmxnet3' : 'VirtualE1000',
        ip: n === 0 && i % 5 !== 4 ? `10.1.${i}.10` : undefined,
      })),
    };
  });
}

/** Creates the model's VMs through CreateVM_Task (and powers some on). */
export async function createModel(client: VsphereClient, place: DefaultPlacement, model: ModelVm[]): Promise<void> {
  const ds = place.datastores[0]!.name;
  for (const vm of model) {
    const ctlKey = -1;
    const controller = Object.entries({ ParaVirtualSCSIController: 'pvscsi', VirtualLsiLogicController: 'lsilogic', VirtualLsiLogicSASController: 'lsilogic-sas', VirtualAHCIController: 'sata' })
      .find(([t]) => t === vm.disks[0]!.controller)![1] as 'pvscsi';
    const devices: DeviceSpec[] = [
      { kind: 'controller', key: ctlKey, type: controller, busNumber: 0 },
      ...vm.disks.map((d, u): DeviceSpec => ({ kind: 'disk', controllerKey: ctlKey, unitNumber: u, capacityKB: d.capacityKB, datastoreName: ds, diskMode: d.diskMode })),
      ...vm.nics.map((n): DeviceSpec => {
        const net = place.networks.find((x) => x.name === n.network)!;
        return { kind: 'nic', adapter: n.adapter === 'VirtualVmxnet3' ? 'vmxnet3' : 'e1000', network: { name: net.name, ref: net.ref } };
      }),
    ];
    const extra: Record<string, string> = { 'SET.guest.guestFullName': vm.guestFullName };
    if (vm.nics[0]?.ip) extra['SET.guest.ipAddress'] = vm.nics[0].ip;
    vm.ref = await createVm(client, { folder: place.vmFolder, resourcePool: place.resourcePool }, {
      name: vm.name, guestId: vm.guestId, vmPathName: `[${ds}]`, numCPUs: vm.cpus, memoryMB: vm.memoryMiB, firmware: vm.firmware,
      changeTrackingEnabled: vm.cbt, extraConfig: extra, addDevices: devices,
    });
    if (vm.powerOn) await powerOn(client, vm.ref);
  }
}
