// The demo's source VM: the cached bootable Debian image (infra/images/build-bootable-debian.sh, a
// debootstrapped bookworm tree with grub) converted to a VMDK in the prem datastore's folder, and a
// VM on the prem vCenter with that file as its disk, powered on.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { bootableDebianImage, qemuImg } from '@ferry/testing';
import { createVm, defaultPlacement, powerOn, type DeviceSpec } from '@ferry/vsphere';
import type { DemoEnvironment } from './environment';

export interface DemoSourceVm {
  readonly moref: string;
  readonly name: string;
  /** The VMDK (descriptor) on the prem datastore, as a local path. */
  readonly vmdk: string;
  readonly datastore: string;
  readonly capacityBytes: number;
  /** Where the root partition starts on the disk (the fixup works inside it). */
  readonly rootOffset: number;
  /** The raw image the disk was made from (the disk's content). */
  readonly image: string;
}

/** The VM's name and NIC MAC; the cold demo's by default. */
export interface DemoVmIdentity {
  readonly name: string;
  readonly macAddress: string;
}

export async function makeDemoSourceVm(env: DemoEnvironment, log: (line: string) => void, identity: DemoVmIdentity = { name: 'demo-debian', macAddress: '00:50:56:0a:de:01' }): Promise<DemoSourceVm> {
  const ds = env.pair.prem.datastores[0];
  if (!ds) throw new Error('the prem vcsim has no datastore; check infra/vcsim');
  log('building (or reusing the cached) bootable Debian bookworm image: infra/images/build-bootable-debian.sh');
  const { image, partitionOffset } = await bootableDebianImage();
  const { name } = identity;
  const folder = `ferry-demo/${name}`;
  await mkdir(join(ds.path, folder), { recursive: true });
  const vmdk = join(ds.path, folder, `${name}.vmdk`);
  log(`qemu-img convert ${image} → [${ds.name}] ${folder}/${name}.vmdk (monolithicFlat)`);
  await qemuImg('convert', '-q', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=monolithicFlat', image, vmdk);
  const info = JSON.parse(await qemuImg('info', '--output=json', vmdk)) as { 'virtual-size': number };
  const placement = await defaultPlacement(env.premVc);
  const devices: DeviceSpec[] = [
    { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
    { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: Math.ceil(info['virtual-size'] / 1024), fileName: `[${ds.name}] ${folder}/${name}.vmdk` },
    { kind: 'nic', adapter: 'vmxnet3', network: { name: 'VM Network' }, macAddress: identity.macAddress },
  ];
  const vm = await createVm(env.premVc, { folder: placement.vmFolder, resourcePool: placement.resourcePool }, {
    name, guestId: 'debian12_64Guest', vmPathName: `[${ds.name}]`, numCPUs: 1, numCoresPerSocket: 1, memoryMB: 1024, firmware: 'bios', addDevices: devices,
  });
  await powerOn(env.premVc, vm);
  log(`created and powered on ${name} (${vm.value}) on the prem vCenter`);
  return { moref: vm.value, name, vmdk, datastore: ds.name, capacityBytes: info['virtual-size'], rootOffset: partitionOffset, image };
}
