// What the warm e2e tests share: the prem VM made a running guest as vCenter sees one with Tools,
// planning and starting a warm migration once the inventory assesses the VM, and reading it back.
import { rm } from 'node:fs/promises';
import type { NatsConnection } from 'nats';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { bootQemuUntilMarker, chunksIn, qemuCompare, qemuImg, sourcePlusCloudWrites, startCloudHostRunner, type CloudHostRunner } from '@ferry/testing';
import { chapSecretFor, siteChapKey } from '../src/adapters/chap-secret';
import { reconfigureVm } from '@ferry/vsphere';
import { cloudFile } from './cold-migration-checks';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import type { SourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

/** A site for warm e2e tests: the Ferry site, a NATS connection of the test's own, and the cloud host runner booting VMs over the cache with qemu. */
export interface WarmSite {
  readonly env: ColdMigrationEnv;
  readonly nc: NatsConnection;
  readonly runner: CloudHostRunner;
  stop(): Promise<void>;
}

export async function startWarmSite(): Promise<WarmSite> {
  // A killed service is waited for 10 s (SERVICE_OUTAGE_MS, 2 min by default) before a step fails on it.
  const env = await startColdMigrationEnv({ WARM_BOOT_POLL_MS: '200', SERVICE_OUTAGE_MS: '10000' });
  // The tests read the store and ask cloud-cache about its volumes, as the appliance does.
  const nc = await env.nats.connect('appliance');
  const key = siteChapKey(env.caDir);
  const runner = await startCloudHostRunner({ vcenter: env.pair.cloud, secretFor: (iqn) => chapSecretFor(key, iqn), qemu: { memoryMiB: 768 } });
  return {
    env, nc, runner,
    async stop() {
      await runner.stop();
      await nc.close();
      await env.stop();
    },
  };
}

/** Makes the prem VM a running guest as vCenter sees one with Tools: a guest root for Guest Operations and the OS Tools reports. */
export async function asRunningGuest(env: ColdMigrationEnv, vm: SourceVm, guestFullName: string, root?: string): Promise<void> {
  await reconfigureVm(env.premVc, { type: 'VirtualMachine', value: vm.moref }, {
    extraConfig: {
      'SET.guest.guestFullName': guestFullName,
      ...(root ? { 'ferry.guestRoot': root, 'SET.guest.toolsRunningStatus': 'guestToolsRunning', 'SET.guest.toolsStatus': 'toolsOk' } : {}),
    },
  });
}

/** Waits until the inventory's warm assessment of the VM shows `ready` (or the given rule), then plans and starts it warm. */
export async function startWarm(env: ColdMigrationEnv, vm: SourceVm, requestId: string, expectRule: string | undefined, settings: Partial<api.ICreatePlanRequest> = {}): Promise<{ planId: string; migrationId: string }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const assessment = await env.call<api.IAssessVmRequest, api.Assessment>('AssessVm', { vcenter: 'prem', moref: vm.moref, mode: mig.MigrationMode.MIGRATION_MODE_WARM }).catch(() => undefined);
    const rules = (assessment?.findings ?? []).map((f) => f.rule);
    if (expectRule === undefined ? assessment?.ready === true : rules.includes(expectRule)) break;
    if (Date.now() > deadline) throw new Error(`the inventory's warm assessment of ${vm.moref} never showed ${expectRule ?? 'ready'}: ${JSON.stringify(assessment?.findings ?? [])}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId, name: requestId, concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_WARM, vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    ...settings,
  });
  const started = await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
  return { planId: plan.id, migrationId: started.migrationIds[0]! };
}

export const getMigration = (env: ColdMigrationEnv, migrationId: string): Promise<api.Migration> => env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });

/** What checkMovedDisk found about one moved disk. */
export interface MovedDiskCheck {
  /** Chunks MovedToStorage says the guest wrote over the cache. */
  written: number;
  /** Ranges it lists them in, and how many chunks those ranges hold. */
  spans: number;
  spanChunks: number;
  /** qemu-img compare of the moved VMDK with (source + the recorded writes). */
  identicalToSourcePlusWrites: boolean;
  /** The moved disk is not simply the source (the guest did write). */
  differsFromSource: boolean;
  /** FERRY-BOOTS when a read-only copy of the moved disk boots again: the boots the disk remembers. */
  bootsRecorded: number | undefined;
}

/**
 * Checks a moved disk against its raw source: a raw copy is compared with `qemu-img compare` against the
 * source with the chunks MovedToStorage recorded as written laid over it, then booted once (the copy,
 * never the VM's disk). Removes its copies.
 */
export async function checkMovedDisk(env: ColdMigrationEnv, disk: mig.IMovedDisk, sourceRaw: string): Promise<MovedDiskCheck> {
  const moved = cloudFile(env, disk.datastorePath ?? '');
  const copy = join(env.dir, `moved-copy-${disk.diskKey}.raw`);
  const expected = join(env.dir, `source-plus-cloud-writes-${disk.diskKey}.raw`);
  try {
    await qemuImg('convert', '-O', 'raw', moved, copy);
    const spans = (disk.writtenInCloud ?? []).map((s) => ({ first: s.first ?? 0, last: s.last ?? 0 }));
    await sourcePlusCloudWrites(sourceRaw, copy, spans, 1 << 20, expected);
    const identical = (await qemuCompare(expected, moved, { a: 'raw', b: 'vmdk' })).identical;
    const differs = !(await qemuCompare(sourceRaw, copy, { a: 'raw', b: 'raw' })).identical;
    await rm(expected, { force: true });
    const boot = await bootQemuUntilMarker({ disk: copy, until: 'FERRY-BOOT-END', memoryMiB: 768, timeoutMs: 10 * 60_000 });
    const boots = /FERRY-BOOTS (\d+)/.exec(boot.console)?.[1];
    return {
      written: Number(disk.chunksWrittenInCloud), spans: spans.length, spanChunks: chunksIn(spans),
      identicalToSourcePlusWrites: identical, differsFromSource: differs, bootsRecorded: boots === undefined ? undefined : Number(boots),
    };
  } finally {
    await Promise.all([rm(copy, { force: true }), rm(expected, { force: true })]);
  }
}
