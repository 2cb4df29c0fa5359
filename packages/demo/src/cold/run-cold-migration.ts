// The cold migration the demo runs: plan and start it for the Debian VM, watch it, show the event
// history and guest-prep's fixup steps, prove the target disk equals the source except for the files
// the fixup wrote, and show the audit verdict. A step that cannot run yet is named and fails the
// demo; nothing is pretended.
import { join } from 'node:path';
import { ferry as proto } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { ferry, ferryShown } from './cli';
import type { DemoEnvironment } from './environment';
import { compareReplica } from './replica-check';
import type { DemoSourceVm } from './source-vm';

import api = proto.api.v1;
import mig = proto.migration.v1;

/** How long the migration may record no event before the demo names the step it is stuck in. */
const STALL_MS = 90_000;
const CHECK_EVERY_MS = 10_000;

/** Why the demo stopped early, naming the step. */
export class StepUnavailable extends Error {}

async function waitForInventory(env: DemoEnvironment, vm: DemoSourceVm): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const listed = await ferry('vms', '--appliance', env.appliance, '--json');
    if (listed.code === 0 && listed.stdout.includes(`"${vm.moref}"`)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StepUnavailable(`inventory: ${vm.moref} did not appear in \`ferry vms\` within 60 s`);
}

/** "[ds] folder/file.vmdk" on the cloud vCenter → the local file behind it. */
function cloudFile(env: DemoEnvironment, datastorePath: string): string {
  const m = /^\[([^\]]+)\]\s*(.+)$/.exec(datastorePath);
  const ds = env.pair.cloud.datastores.find((d) => d.name === m?.[1]);
  if (!m || !ds) throw new StepUnavailable(`compare: target disk path "${datastorePath}" is not on a cloud datastore (${env.pair.cloud.datastores.map((d) => d.name).join(', ')})`);
  return join(ds.path, m[2] ?? '');
}

/** The target's disks (local descriptor paths) and the fixup steps the migration recorded. */
async function targetDisksAndFixup(env: DemoEnvironment, migrationId: string): Promise<{ disks: string[]; fixupSteps: string[] }> {
  const client = grpcClient('ferry.api.v1.Ferry', env.appliance);
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

async function migrationOf(env: DemoEnvironment, migrationId: string): Promise<{ phase: number; version: number }> {
  const client = grpcClient('ferry.api.v1.Ferry', env.appliance);
  try {
    const m = await unaryCall<api.IGetMigrationRequest, api.Migration>(client, 'GetMigration', { migrationId });
    return { phase: m.phase, version: Number(m.version) };
  } finally {
    client.close();
  }
}

/** Why a migration stuck in `phase` is not moving, for the operator. */
function stuckIn(phase: number, migrationId: string): string {
  const name = (mig.Phase[phase] ?? String(phase)).replace('PHASE_', '').toLowerCase();
  const seconds = STALL_MS / 1000;
  if (phase === mig.Phase.PHASE_PLANNED) {
    return `orchestration: migration ${migrationId} stayed "planned" for ${seconds} s — the appliance does not run cold migrations yet (its process manager, services/appliance/src/orchestration, is not wired into the service)`;
  }
  return `migration ${migrationId} recorded no event for ${seconds} s in phase "${name}": that step does not finish yet on this installation (see the service logs)`;
}

export async function runColdMigration(env: DemoEnvironment, vm: DemoSourceVm, say: (line: string) => void): Promise<void> {
  say(`waiting for the inventory service to list ${vm.moref}`);
  await waitForInventory(env, vm);
  const cloudDs = env.pair.cloud.datastores[0]?.name ?? '';
  const args = ['migrate', vm.moref, '--cold', '--network', 'VM Network=VM Network', '--storage', `${vm.datastore}=${cloudDs}`,
    '--datacenter', 'DC0', '--folder', '/DC0/vm', '--resource-pool', '/DC0/host/DC0_C0/Resources', '--appliance', env.appliance];
  say(`$ ferry ${args.join(' ')}`);
  const started = await ferry(...args, '--json');
  if (started.code !== 0) throw new StepUnavailable(`ferry migrate refused (exit ${started.code}): ${started.stderr.trim()}`);
  const { migrationId, planId } = JSON.parse(started.stdout) as { migrationId: string; planId: string };
  say(`plan ${planId} started migration ${migrationId}`);

  say(`$ ferry watch ${migrationId}`);
  const watch = ferryShown('watch', migrationId, '--appliance', env.appliance);
  // The watch itself follows the event store; this only notices a migration that stopped moving.
  let stalled: number | undefined;
  let last = { version: -1, since: Date.now() };
  const check = setInterval(() => {
    void migrationOf(env, migrationId).then(({ phase, version }) => {
      if (version !== last.version) last = { version, since: Date.now() };
      else if (Date.now() - last.since >= STALL_MS && stalled === undefined) {
        stalled = phase;
        watch.child.kill('SIGTERM');
      }
    }, () => undefined);
  }, CHECK_EVERY_MS);
  const code = await watch.exited;
  clearInterval(check);
  say(`$ ferry events ${migrationId}`);
  await ferryShown('events', migrationId, '--appliance', env.appliance).exited;
  if (stalled !== undefined) throw new StepUnavailable(stuckIn(stalled, migrationId));
  if (code !== 0) throw new StepUnavailable(`the migration did not complete (ferry watch exit ${code}); its events are above`);

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
  say(`$ ferry audit verify --nats ${env.nats.url}`);
  const audit = await ferryShown('audit', 'verify', '--nats', env.nats.url).exited;
  if (audit !== 0) throw new StepUnavailable(`ferry audit verify found problems (exit ${audit})`);
}
