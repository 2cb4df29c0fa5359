// Pre-copy e2e helpers: a one-VM pre-copy plan through the API, the sync events as recorded, a writer that
// changes the running VM's disk (its flat extent in the prem datastore) between syncs, and the checks that
// every snapshot of the migration is gone.
import { randomBytes } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ferry } from '@ferry/proto';
import { listSnapshots } from '@ferry/vsphere';
import { migrationCodec, type EventOf } from '../src/migration';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import type { SourceVm, SourceVmSpec } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

export const MiB = 2 ** 20;

/**
 * One site for a test file, started before its tests and stopped after them, with the pre-copy
 * minimum lowered through the appliance's test setting (operators cannot go below 60 s).
 */
export function precopySite(): { env(): ColdMigrationEnv } {
  let site: ColdMigrationEnv | undefined;
  beforeAll(async () => {
    site = await startColdMigrationEnv({ TEST_PRECOPY_MIN_INTERVAL_SECONDS: '1' });
  }, 180_000);
  afterAll(async () => {
    await site?.stop();
  });
  return {
    env(): ColdMigrationEnv {
      if (!site) throw new Error('the pre-copy site is not started (precopySite() registers its beforeAll)');
      return site;
    },
  };
}

/** A running source VM with one disk of `diskMiB`. */
export const precopyVmSpec = (name: string, diskMiB: number, over: Partial<SourceVmSpec> = {}): SourceVmSpec => ({
  name, diskMiB: [diskMiB], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios', ...over,
});

/** Waits until the inventory shows the VM with its disks, then creates and starts a one-VM pre-copy plan. */
export async function startPrecopy(env: ColdMigrationEnv, vm: SourceVm, requestId: string, intervalSeconds: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (((await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined))?.disks ?? []).length !== vm.spec.diskMiB.length) {
    if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref} with its disks`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planRequest(env, vm, requestId, intervalSeconds));
  const started = await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
  return started.migrationIds[0]!;
}

/** A one-VM PRECOPY CreatePlan request with the site's networks and datastores mapped. */
export function planRequest(env: ColdMigrationEnv, vm: SourceVm, requestId: string, intervalSeconds: number): api.ICreatePlanRequest {
  return {
    requestId, name: requestId, concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_PRECOPY, precopyIntervalSeconds: intervalSeconds,
    vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  };
}

type Stored = EventOf<'DeltaSyncStarted'> | EventOf<'DeltaSyncCompleted'> | EventOf<'CutoverRequested'> | EventOf<'SourcePoweredOff'> | EventOf<'MigrationCompleted'>;

/** The migration's recorded events of the given types, decoded. */
export async function recorded<T extends Stored['type']>(env: ColdMigrationEnv, migrationId: string, type: T): Promise<Array<EventOf<T>['data']>> {
  const reply = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
  // The codec gives a MigrationEvent; its type is `type` by the filter.
  return reply.events.filter((e) => e.typeName === type).map((e) => (migrationCodec.decode(type, e.payload ?? new Uint8Array()) as Stored).data as EventOf<T>['data']);
}

/** Polls until sync `generation` completed; returns its record. */
export async function syncCompleted(env: ColdMigrationEnv, migrationId: string, generation: number, timeoutMs = 90_000): Promise<EventOf<'DeltaSyncCompleted'>['data']> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = (await recorded(env, migrationId, 'DeltaSyncCompleted').catch(() => [])).find((s) => s.generation === generation);
    if (done) return done;
    if (Date.now() > deadline) {
      const m = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });
      throw new Error(`sync ${generation} of ${migrationId} did not complete in ${timeoutMs} ms (phase ${mig.Phase[m.phase]}: ${m.failureReason})\n${env.appliance.log().split('\n').slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Writes 4 KiB of fresh random data into each of `chunks` (1 MiB chunks) of the VM's first disk, as its
 * guest would while it runs: into the flat extent behind the prem datastore.
 */
export async function writeChunks(vm: SourceVm, chunks: readonly number[]): Promise<void> {
  const handle = await open(vm.diskFiles[0]!.replace(/\.vmdk$/, '-flat.vmdk'), 'r+');
  try {
    for (const chunk of chunks) await handle.write(randomBytes(4096), 0, 4096, chunk * MiB + 12_345);
  } finally {
    await handle.close();
  }
}

/** The VM's snapshots on the prem vCenter and the frozen disk copies left in its folder: both empty once a migration let go. */
export async function snapshotsLeft(env: ColdMigrationEnv, vm: SourceVm): Promise<string[]> {
  const snapshots = await listSnapshots(env.premVc, { type: 'VirtualMachine', value: vm.moref });
  const frozen = (await readdir(dirname(vm.diskFiles[0]!))).filter((f) => f.includes('ferrysnap'));
  return [...snapshots.map((s) => s.name), ...frozen];
}
