// Source VMs for cold migration e2e tests: real VMDKs made by qemu-img (random, text and zero regions)
// put into the prem vcsim datastore folder, and a VM created on the prem vCenter with those files as
// its disks, NICs with fixed MACs, then powered on. The inventory must see it before a plan uses it.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeImage, makeSourceRaw, type SourceRegion } from '@ferry/testing';
import { createVm, defaultPlacement, powerOn, type DeviceSpec } from '@ferry/vsphere';
import type { ColdMigrationEnv } from './cold-migration-env';

const MiB = 1 << 20;

export interface SourceVmSpec {
  readonly name: string;
  readonly diskMiB: readonly number[];
  readonly cpus: number;
  readonly coresPerSocket: number;
  readonly memoryMB: number;
  readonly firmware: 'bios' | 'efi';
  /** Puts the disks in independent_persistent mode, which the readiness rules block. */
  readonly independentDisks?: boolean;
  /** A raw image (e.g. the cached bootable Debian) that becomes the first disk instead of random data; diskMiB[0] must be its size. */
  readonly bootImage?: string;
  /** Virtual hardware version, e.g. "vmx-04" (default: the simulator's). */
  readonly version?: string;
  /** The data of disk `disk` (`size` bytes) instead of the default mix of random, text and holes. */
  readonly layout?: (size: number, disk: number) => SourceRegion[];
}

export interface SourceVm {
  readonly spec: SourceVmSpec;
  readonly moref: string;
  /** Local path of each source VMDK, in disk order. */
  readonly diskFiles: readonly string[];
  readonly macs: readonly string[];
}

/** Random, text and zero regions spread over the disk (zero = left out: a hole). */
function regions(size: number, seed: number): SourceRegion[] {
  const out: SourceRegion[] = [];
  for (let offset = 0, i = seed; offset < size; offset += 4 * MiB, i++) {
    if (i % 3 === 2) continue;
    out.push({ offset: offset + 4096 * (i % 7), length: Math.min(3 * MiB, size - offset - 4096 * (i % 7)), kind: i % 2 === 0 ? 'random' : 'text' });
  }
  return out.filter((r) => r.length > 0);
}

let macCounter = 0x10;

export async function makeSourceVm(env: ColdMigrationEnv, spec: SourceVmSpec): Promise<SourceVm> {
  const ds = env.pair.prem.datastores[0];
  if (!ds) throw new Error('the prem vcsim has no datastore');
  const folder = `ferry-src/${spec.name}`;
  await mkdir(join(ds.path, folder), { recursive: true });
  const diskFiles: string[] = [];
  for (const [i, mib] of spec.diskMiB.entries()) {
    const vmdk = join(ds.path, folder, `disk${i}.vmdk`);
    if (i === 0 && spec.bootImage) {
      await makeImage(spec.bootImage, 'vmdk-monolithicFlat', vmdk);
    } else {
      const raw = join(env.dir, `${spec.name}-${i}.raw`);
      await makeSourceRaw(raw, mib * MiB, spec.layout?.(mib * MiB, i) ?? regions(mib * MiB, i + spec.name.length));
      await makeImage(raw, 'vmdk-monolithicFlat', vmdk);
      await rm(raw);
    }
    diskFiles.push(vmdk);
  }
  const macs = [`00:50:56:0a:00:${(macCounter++).toString(16).padStart(2, '0')}`, `00:50:56:0a:00:${(macCounter++).toString(16).padStart(2, '0')}`];
  const placement = await defaultPlacement(env.premVc);
  const devices: DeviceSpec[] = [
    { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
    ...spec.diskMiB.map((mib, i): DeviceSpec => ({
      kind: 'disk', controllerKey: -1, unitNumber: i, capacityKB: mib * 1024, fileName: `[${ds.name}] ${folder}/disk${i}.vmdk`,
      ...(spec.independentDisks ? { diskMode: 'independent_persistent' } : {}),
    })),
    ...macs.map((macAddress): DeviceSpec => ({ kind: 'nic', adapter: 'vmxnet3', network: { name: 'VM Network' }, macAddress })),
  ];
  const vm = await createVm(env.premVc, { folder: placement.vmFolder, resourcePool: placement.resourcePool }, {
    name: spec.name, guestId: 'debian11_64Guest', vmPathName: `[${ds.name}]`, numCPUs: spec.cpus, numCoresPerSocket: spec.coresPerSocket,
    memoryMB: spec.memoryMB, firmware: spec.firmware, addDevices: devices, ...(spec.version ? { version: spec.version } : {}),
  });
  await powerOn(env.premVc, vm);
  return { spec, moref: vm.value, diskFiles, macs };
}
