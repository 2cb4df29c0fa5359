// The cold migration the demo runs: plan and start it for the Debian VM, watch it, show the event
// history and guest-prep's fixup steps, prove the target disk equals the source except for the files
// the fixup wrote, and show the audit verdict. A step that cannot run yet is named and fails the
// demo; nothing is pretended.
import { join } from 'node:path';
import { ferry as proto } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { auditVerifyArgs } from '../audit-verify-args';
import { StepUnavailable, waitForInventory, watchToEnd } from '../migration-watch';
import { ferry, ferryShown } from './cli';
import type { DemoEnvironment } from './environment';
import { compareReplica } from './replica-check';
import type { DemoSourceVm } from './source-vm';

import api = proto.api.v1;
import mig = proto.migration.v1;

/** "[ds] folder/file.vmdk" on the cloud vCenter → the local file behind it. */
function cloudFile(env: DemoEnvironment, datastorePath: string): string {
  const m = /^\[([^\]]+)\]\s*(.+)$/.exec(datastorePath);
  const ds = env.pair.cloud.datastores.find((d) => d.name === m?.[1]);
  if (!m || !ds) throw new StepUnavailable(`compare: target disk path "${datastorePath}" is not on a cloud datastore (${env.pair.cloud.datastores.map((d) => d.name).join(', ')})`);
  return join(ds.path, m[2] ?? '');
}

/** The target's disks (local descriptor paths) and the fixup steps the migration recorded. */
async function targetDisksAndFixup(env: DemoEnvironment, migrationId: string): Promise<{ disks: string[]; fixupSteps: string[] }> {
  const client = env.api.client('operator');
  try {
    const { events } = await unaryCall<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>(client, 'ListMigrationEvents', { migrationId });
    const created = events.filter((e) => e.typeName === 'TargetCreated').at(-1);
    if (!created) throw new StepUnavailable('compare: the migration recorded no TargetCreated event, so there is no target disk to compare');
    const fixup = events.filter((e) => e.typeName === 'FixupCompleted').at(-1);
    return {
      disks: mig.TargetCreated.decode(created.payload ?? new Uint8Array()).diskPaths.map((p) => cloudFile(env, p)),
      fixupSteps: fixup ? mig.FixupCompleted.decode(fixup.payload ?? new Uint8Array()).steps : [],
    };
  } finally {
    client.close();
  }
}

export async function runColdMigration(env: DemoEnvironment, vm: DemoSourceVm, say: (line: string) => void): Promise<void> {
  say(`waiting for the inventory service to list ${vm.moref}`);
  await waitForInventory(env, vm);
  const cloudDs = env.pair.cloud.datastores[0]?.name ?? '';
  const args = ['migrate', vm.moref, '--cold', '--network', 'VM Network=VM Network', '--storage', `${vm.datastore}=${cloudDs}`,
    '--datacenter', 'DC0', '--folder', '/DC0/vm', '--resource-pool', '/DC0/host/DC0_C0/Resources'];
  say(`$ ferry ${args.join(' ')}`);
  const started = await ferry(...args, '--json');
  if (started.code !== 0) throw new StepUnavailable(`ferry migrate refused (exit ${started.code}): ${started.stderr.trim()}`);
  const { migrationId, planId } = JSON.parse(started.stdout) as { migrationId: string; planId: string };
  say(`plan ${planId} started migration ${migrationId}`);

  await watchToEnd(env, migrationId, say);

  const { disks, fixupSteps } = await targetDisksAndFixup(env, migrationId);
  say(`guest-prep fixed the replica up before its first boot (${fixupSteps.length} steps):`);
  for (const step of fixupSteps) say(`  ${step}`);
  if (!fixupSteps.some((s) => s.startsWith('fstab: changed'))) throw new StepUnavailable('fixup: guest-prep did not rewrite the replica\'s fstab; see the steps above');
  const flat = (descriptor: string): string => descriptor.replace(/\.vmdk$/, '-flat.vmdk');
  for (const target of disks) {
    say(`comparing ${flat(vm.vmdk)} with the replica ${flat(target)} (boot area byte for byte, root file systems file by file, read-only mounts)`);
    const { bootAreaIdentical, changedFiles } = await compareReplica(flat(vm.vmdk), flat(target), vm.rootOffset);
    if (!bootAreaIdentical) throw new StepUnavailable(`compare: the partition table or boot loader of ${flat(target)} differs from the source`);
    say(`boot area identical; files that differ, all written by the fixup (${changedFiles.length}):`);
    for (const file of changedFiles) say(`  ${file}`);
    if (!changedFiles.includes('etc/fstab') || !changedFiles.includes('var/lib/ferry/fixup/result.json')) {
      throw new StepUnavailable(`compare: the replica ${flat(target)} lacks the fixup's fstab or result document`);
    }
  }
  const verify = auditVerifyArgs(env);
  say(`$ ferry ${verify.join(' ')}`);
  const audit = await ferryShown(...verify).exited;
  if (audit !== 0) throw new StepUnavailable(`ferry audit verify found problems (exit ${audit})`);
}
