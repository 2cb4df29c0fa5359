// bench:scale's source VMs: many small VMs on the prem vcsim, made quickly. One template VMDK
// (monolithicFlat, made once by qemu-img from a raw image of random, text and zero regions) is
// copied into each VM's folder, and the first 64 KiB of each copy's flat extent is overwritten with
// random bytes, so every disk differs and a replica can be told from another one's. The VMs are
// created and powered on through the vSphere API, a few at a time.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { makeImage, makeSourceRaw, type VcsimInstance } from '@ferry/testing';
import { createVm, defaultPlacement, powerOn, type VsphereClient } from '@ferry/vsphere';

const MiB = 2 ** 20;
/** Bytes at the start of each copy made unique to its VM. */
const UNIQUE_HEAD_BYTES = 64 * 1024;

/** One source VM of the bench. */
export interface ScaleVm {
  readonly name: string;
  readonly moref: string;
  /** Local path of its VMDK descriptor in the prem datastore folder. */
  readonly vmdk: string;
}

/** How the VMs are made. */
export interface ScaleVmOptions {
  readonly count: number;
  readonly diskMiB: number;
  /** VMs created at once through the prem vCenter. */
  readonly parallel: number;
  /** Folder for the template image. */
  readonly workDir: string;
  readonly onProgress?: (made: number) => void;
}

async function makeTemplate(workDir: string, diskMiB: number): Promise<{ descriptor: string; flat: string }> {
  const raw = join(workDir, 'scale-template.raw');
  await makeSourceRaw(raw, diskMiB * MiB);
  const descriptor = join(workDir, 'disk0.vmdk');
  await makeImage(raw, 'vmdk-monolithicFlat', descriptor);
  return { descriptor, flat: join(workDir, 'disk0-flat.vmdk') };
}

async function copyDisk(template: { descriptor: string; flat: string }, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  // The descriptor names its extent relatively ("disk0-flat.vmdk"), so the same descriptor serves every folder.
  const vmdk = join(folder, 'disk0.vmdk');
  const flat = join(folder, 'disk0-flat.vmdk');
  await copyFile(template.descriptor, vmdk);
  await copyFile(template.flat, flat);
  const file = await open(flat, 'r+');
  try {
    await file.write(randomBytes(UNIQUE_HEAD_BYTES), 0, UNIQUE_HEAD_BYTES, 0);
  } finally {
    await file.close();
  }
  return vmdk;
}

/** Makes `count` powered-on VMs named scale-0001…, each with one disk of `diskMiB` MiB. */
export async function makeScaleVms(prem: VcsimInstance, vc: VsphereClient, options: ScaleVmOptions): Promise<ScaleVm[]> {
  const ds = prem.datastores[0];
  if (!ds) throw new Error('the prem vcsim has no datastore to put the bench VMs on');
  const template = await makeTemplate(options.workDir, options.diskMiB);
  const placement = await defaultPlacement(vc);
  const names = Array.from({ length: options.count }, (_, i) => `scale-${String(i + 1).padStart(4, '0')}`);
  const made: ScaleVm[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++]!;
      const folder = `ferry-src/${name}`;
      const vmdk = await copyDisk(template, join(ds.path, folder));
      const vm = await createVm(vc, { folder: placement.vmFolder, resourcePool: placement.resourcePool }, {
        name, guestId: 'debian11_64Guest', vmPathName: `[${ds.name}]`, numCPUs: 1, numCoresPerSocket: 1, memoryMB: 256, firmware: 'bios',
        addDevices: [
          { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
          { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: options.diskMiB * 1024, fileName: `[${ds.name}] ${folder}/disk0.vmdk` },
          { kind: 'nic', adapter: 'vmxnet3', network: { name: 'VM Network' } },
        ],
      });
      await powerOn(vc, vm);
      made.push({ name, moref: vm.value, vmdk });
      options.onProgress?.(made.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, names.length) }, worker));
  return made.sort((a, b) => a.name.localeCompare(b.name));
}
