// What the fixup e2e tests share: a cold migration of one VM started through the API, its outcome and
// recorded fixup steps, and the replica's files read back from the cloud datastore (mounted read-only).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { withReadOnlyPartition } from '@ferry/testing';
import type { ColdMigrationEnv } from './cold-migration-env';
import { cloudFile, cloudVms } from './cold-migration-checks';
import type { SourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

/** Reads files of the root partition of a raw disk, mounted read-only; an absent file reads as undefined. */
export async function readReplica(flat: string, offset: number, paths: readonly string[]): Promise<Record<string, string | undefined>> {
  return withReadOnlyPartition(flat, offset, async (dir) => {
    const out: Record<string, string | undefined> = {};
    for (const p of paths) out[p] = await readFile(join(dir, p), 'utf8').catch(() => undefined);
    return out;
  });
}

/** Plans and starts a cold migration of `vm` once the inventory lists it with all its disks; returns the migration's id. */
export async function startMigration(env: ColdMigrationEnv, vm: SourceVm, requestId: string): Promise<string> {
  for (let listed = false, tries = 0; !listed; tries++) {
    const found = await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined);
    listed = (found?.disks ?? []).length === vm.spec.diskMiB.length;
    if (tries > 150) throw new Error(`the inventory did not show ${vm.moref} with its disks`);
    if (!listed) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId, name: requestId, concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  });
  const [id] = (await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds;
  return id!;
}

export async function expectCompleted(env: ColdMigrationEnv, migrationId: string): Promise<void> {
  const m = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });
  expect({ phase: mig.Phase[m.phase], reason: m.failureReason }).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });
}

/** The steps of the migration's FixupCompleted, as guest-prep reported them. */
export async function fixupSteps(env: ColdMigrationEnv, migrationId: string): Promise<string[]> {
  const { events } = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
  return mig.FixupCompleted.decode(events.find((e) => e.typeName === 'FixupCompleted')!.payload!).steps;
}

/** The flat extent of the first disk of the cloud VM the migration made. */
export async function replicaFlat(env: ColdMigrationEnv, migrationId: string): Promise<string> {
  const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${migrationId}`));
  if (target === undefined) throw new Error(`no cloud VM carries migration ${migrationId}`);
  return cloudFile(env, target.disks[0]!).replace(/\.vmdk$/, '-flat.vmdk');
}
