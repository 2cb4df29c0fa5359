// bench:precopy's site: every Ferry service on loopback with two vcsims (the harness's startFerrySite),
// tuned as the e2e tests tune it (short guest shutdown, fast copy polls, a pre-copy interval of seconds),
// two identical source VMs made from one raw image, and the integrator API as the operator calls it.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, type Client } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { makeImage, makeSourceRaw, startFerrySite, type FerrySite } from '@ferry/testing';
import { createVm, defaultPlacement, powerOn, VsphereClient } from '@ferry/vsphere';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const MiB = 2 ** 20;

export interface BenchVm {
  readonly name: string;
  readonly moref: string;
  /** The flat extent behind the VM's disk in the prem datastore (the writer changes it). */
  readonly flatFile: string;
}

export interface PrecopySite {
  readonly site: FerrySite;
  call<Req, Res>(method: string, request: Req): Promise<Res>;
  /** A VM whose disk is a copy of the bench's one image (so every VM starts with the same bytes). */
  makeVm(name: string): Promise<BenchVm>;
  /** A one-VM plan, started; returns the migration id. */
  migrate(vm: BenchVm, mode: mig.MigrationMode, intervalSeconds?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startPrecopySite(diskMiB: number, intervalSeconds: number): Promise<PrecopySite> {
  const site = await startFerrySite({
    tempPrefix: 'ferry-bench-precopy-',
    env: { appliance: { GUEST_SHUTDOWN_TIMEOUT_MS: '2000', COPY_POLL_MS: '100', STEP_RETRY_BACKOFF_MS: '500', TEST_PRECOPY_MIN_INTERVAL_SECONDS: String(Math.min(intervalSeconds, 60)) } },
  });
  const client: Client = site.api.client('operator');
  const prem = site.pair.prem;
  const premVc = await VsphereClient.connect({ url: prem.sdkUrl, username: prem.username, password: prem.password, tls: { thumbprint: prem.thumbprint } });
  // One raw image (random, text and zero regions): each VM's disk is made from it, so both start with the same bytes.
  const raw = join(site.dir, 'bench-image.raw');
  await makeSourceRaw(raw, diskMiB * MiB);
  const call = <Req, Res>(method: string, request: Req): Promise<Res> => {
    const fn = (client as unknown as Record<string, (r: Req, m: Metadata, o: object, cb: (e: Error | null, v?: Res) => void) => void>)[method];
    if (!fn) throw new Error(`no method ${method} on ferry.api.v1.Ferry`);
    return new Promise((resolve, reject) => fn.call(client, request, new Metadata(), { deadline: Date.now() + 30_000 }, (e, v) => (e ? reject(e) : resolve(v as Res))));
  };
  const ds = prem.datastores[0]!;
  return {
    site,
    call,
    async makeVm(name) {
      const folder = `ferry-src/${name}`;
      await mkdir(join(ds.path, folder), { recursive: true });
      const vmdk = join(ds.path, folder, 'disk0.vmdk');
      await makeImage(raw, 'vmdk-monolithicFlat', vmdk);
      const placement = await defaultPlacement(premVc);
      const vm = await createVm(premVc, { folder: placement.vmFolder, resourcePool: placement.resourcePool }, {
        name, guestId: 'debian11_64Guest', vmPathName: `[${ds.name}]`, numCPUs: 1, numCoresPerSocket: 1, memoryMB: 256, firmware: 'bios',
        addDevices: [
          { kind: 'controller', key: -1, type: 'pvscsi', busNumber: 0 },
          { kind: 'disk', controllerKey: -1, unitNumber: 0, capacityKB: diskMiB * 1024, fileName: `[${ds.name}] ${folder}/disk0.vmdk` },
          { kind: 'nic', adapter: 'vmxnet3', network: { name: 'VM Network' } },
        ],
      });
      await powerOn(premVc, vm);
      return { name, moref: vm.value, flatFile: vmdk.replace(/\.vmdk$/, '-flat.vmdk') };
    },
    async migrate(vm, mode, interval) {
      for (const deadline = Date.now() + 30_000; ; ) {
        const found = await call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch((error: Error) => error);
        if (!(found instanceof Error) && (found.disks ?? []).length === 1) break;
        if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref} with its disk (${found instanceof Error ? found.message : `${found.disks?.length ?? 0} disks`})`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const plan = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
        requestId: vm.name, name: vm.name, concurrency: 1, mode, vms: [{ vcenter: 'prem', moref: vm.moref }],
        ...(interval === undefined ? {} : { precopyIntervalSeconds: interval }),
        networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
        storageMap: [{ sourceDatastore: ds.name, targetDatastore: site.pair.cloud.datastores[0]!.name }],
        target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
      });
      const started = await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
      return started.migrationIds[0]!;
    },
    async stop() {
      client.close();
      await premVc.logout().catch(() => undefined);
      await site.stop();
    },
  };
}
