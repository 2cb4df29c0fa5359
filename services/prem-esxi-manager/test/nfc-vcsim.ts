import { mkdir } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { makeSourceRaw, qemuImg, type SourceRegion, type VcsimInstance } from '@ferry/testing';
import { createVm, defaultPlacement, type DeviceSpec, type MoRef, type VsphereClient } from '@ferry/vsphere';

/**
 * Creates a powered-off VM on vcsim whose disks are real monolithicFlat VMDKs (made by qemu-img
 * from raw images with the given regions) in the datastore folder; returns the VMDK paths.
 */
export async function makeVmWithDisks(client: VsphereClient, vc: VcsimInstance, workDir: string, name: string, disks: Array<{ size: number; regions: SourceRegion[] }>): Promise<{ vm: MoRef; vmdks: string[] }> {
  const ds = vc.datastores[0]!;
  await mkdir(join(ds.path, name), { recursive: true });
  const vmdks: string[] = [];
  const devices: DeviceSpec[] = [{ kind: 'controller', key: -1, type: 'lsilogic', busNumber: 0 }];
  for (const [i, disk] of disks.entries()) {
    const raw = join(workDir, `${name}-${i}.raw`);
    await makeSourceRaw(raw, disk.size, disk.regions);
    const vmdk = join(ds.path, name, `${name}_${i}.vmdk`);
    await qemuImg('convert', '-q', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=monolithicFlat', raw, vmdk);
    devices.push({ kind: 'disk', controllerKey: -1, unitNumber: i, capacityKB: Math.ceil(disk.size / 1024), fileName: `[${ds.name}] ${name}/${name}_${i}.vmdk` });
    vmdks.push(vmdk);
  }
  const place = await defaultPlacement(client);
  const vm = await createVm(client, { folder: place.vmFolder, resourcePool: place.resourcePool }, { name, guestId: 'otherGuest64', vmPathName: `[${ds.name}]`, numCPUs: 1, memoryMB: 256, addDevices: devices });
  return { vm, vmdks };
}

/** Sets a vcsim export knob (an OptionManager setting such as vcsim.nfc.leaseTimeout) through UpdateOptions. */
export async function setVcsimOption(client: VsphereClient, key: string, value: string): Promise<void> {
  const content = await client.invokeValue('RetrieveServiceContent', { type: 'ServiceInstance', value: 'ServiceInstance' });
  const setting = (content as { setting?: MoRef } | undefined)?.setting;
  if (setting === undefined) throw new Error('vcsim: ServiceContent has no setting (OptionManager)');
  const optionValue = { '@_xsi:type': 'OptionValue', key, value: { '@_xsi:type': 'xsd:string', '#text': value } };
  await client.invoke('UpdateOptions', setting, { changedValue: [optionValue] });
}

/** One export lease as vcsim's GET /vcsim/nfc-leases lists it. */
export interface VcsimLease {
  lease: string;
  vm: string;
  state: string;
  progress: number;
  error?: string;
  urls: string[];
}

/** The export leases vcsim made for `vm`, in creation order. */
export function vcsimLeases(vc: VcsimInstance, vm: MoRef): Promise<VcsimLease[]> {
  return new Promise((resolve, reject) => {
    request(`${vc.url}/vcsim/nfc-leases`, { ca: vc.certPem, checkServerIdentity: () => undefined }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (p: Buffer) => parts.push(p));
      res.on('end', () => resolve((JSON.parse(Buffer.concat(parts).toString()) as VcsimLease[]).filter((l) => l.vm === vm.value)));
      res.on('error', reject);
    }).on('error', reject).end();
  });
}

/** Polls until every export lease of `vm` has ended (state done or error) and returns them. */
export async function leasesOnceEnded(vc: VcsimInstance, vm: MoRef, timeoutMs = 30_000): Promise<VcsimLease[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const leases = await vcsimLeases(vc, vm);
    if (leases.length > 0 && leases.every((l) => l.state === 'done' || l.state === 'error')) return leases;
    if (Date.now() > deadline) throw new Error(`export leases of ${vm.value} still open after ${timeoutMs} ms: ${JSON.stringify(leases)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
