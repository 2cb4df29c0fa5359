import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSourceRaw, qemuImg, type SourceRegion, type VcsimInstance } from '@ferry/testing';
import { createVm, defaultPlacement, type DeviceSpec, type MoRef, type VsphereClient } from '../src';
import { typed } from '../src/xml';

/** A source disk of a test VM: its raw original and the monolithicFlat VMDK made from it on the datastore. */
export interface TestDisk {
  raw: string;
  size: number;
  vmdk: string;
}

/**
 * Creates a powered-off VM on vcsim whose disks are real monolithicFlat VMDKs (made by qemu-img
 * from raw images with the given regions) in the datastore folder, so an export has real content
 * to serve. Shared with the prem-esxi-manager and prem-manager NFC tests.
 */
export async function makeVmWithDisks(
  client: VsphereClient, vc: VcsimInstance, workDir: string, name: string, disks: Array<{ size: number; regions: SourceRegion[] }>, controller: 'lsilogic' | 'pvscsi' = 'lsilogic',
): Promise<{ vm: MoRef; disks: TestDisk[] }> {
  const ds = vc.datastores[0]!;
  await mkdir(join(ds.path, name), { recursive: true });
  const made: TestDisk[] = [];
  const devices: DeviceSpec[] = [{ kind: 'controller', key: -1, type: controller, busNumber: 0 }];
  for (const [i, disk] of disks.entries()) {
    const raw = join(workDir, `${name}-${i}.raw`);
    await makeSourceRaw(raw, disk.size, disk.regions);
    const vmdk = join(ds.path, name, `${name}_${i}.vmdk`);
    await qemuImg('convert', '-q', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=monolithicFlat', raw, vmdk);
    devices.push({ kind: 'disk', controllerKey: -1, unitNumber: i, capacityKB: Math.ceil(disk.size / 1024), fileName: `[${ds.name}] ${name}/${name}_${i}.vmdk` });
    made.push({ raw, size: disk.size, vmdk });
  }
  const place = await defaultPlacement(client);
  const vm = await createVm(client, { folder: place.vmFolder, resourcePool: place.resourcePool }, { name, guestId: 'otherGuest64', vmPathName: `[${ds.name}]`, numCPUs: 1, memoryMB: 256, addDevices: devices });
  return { vm, disks: made };
}

/** Sets a vcsim export knob (OptionManager setting, e.g. vcsim.nfc.leaseTimeout) through UpdateOptions. */
export async function setVcsimOption(client: VsphereClient, key: string, value: string): Promise<void> {
  const content = await client.invokeValue('RetrieveServiceContent', { type: 'ServiceInstance', value: 'ServiceInstance' });
  const setting = (content as { setting?: MoRef } | undefined)?.setting;
  if (setting === undefined) throw new Error('vcsim: ServiceContent has no setting (OptionManager)');
  await client.invoke('UpdateOptions', setting, { changedValue: [typed('OptionValue', { key, value: typed('xsd:string', { '#text': value }) })] });
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

/** The export leases the simulator made (of `vm` only, when given), in creation order. */
export async function vcsimLeases(vc: VcsimInstance, vm?: MoRef): Promise<VcsimLease[]> {
  const { request } = await import('node:https');
  const all = await new Promise<VcsimLease[]>((resolve, reject) => {
    request(`${vc.url}/vcsim/nfc-leases`, { ca: vc.certPem, checkServerIdentity: () => undefined }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (p: Buffer) => parts.push(p));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(parts).toString()) as VcsimLease[]));
      res.on('error', reject);
    }).on('error', reject).end();
  });
  return vm === undefined ? all : all.filter((l) => l.vm === vm.value);
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
