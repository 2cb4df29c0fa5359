// What every demo migration shares: waiting for the inventory to list the VM, then `ferry watch` to the
// end and `ferry events`, naming the step a migration that stopped moving is stuck in.
import { ferry as proto } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { ferry, ferryShown } from './cold/cli';
import type { DemoEnvironment } from './cold/environment';
import type { DemoSourceVm } from './cold/source-vm';

import api = proto.api.v1;
import mig = proto.migration.v1;

/** How long the migration may record no event before the demo names the step it is stuck in. */
const STALL_MS = 90_000;
const CHECK_EVERY_MS = 10_000;

/** Why the demo stopped early, naming the step. */
export class StepUnavailable extends Error {}

export async function waitForInventory(env: DemoEnvironment, vm: DemoSourceVm): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const listed = await ferry('vms', '--appliance', env.appliance, '--json');
    if (listed.code === 0 && listed.stdout.includes(`"${vm.moref}"`)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StepUnavailable(`inventory: ${vm.moref} did not appear in \`ferry vms\` within 60 s`);
}

export async function migrationOf(env: DemoEnvironment, migrationId: string): Promise<{ phase: number; version: number }> {
  const client = env.api.client('operator');
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
    return `orchestration: migration ${migrationId} stayed "planned" for ${seconds} s: the appliance's process manager did not start it (see the appliance log)`;
  }
  return `migration ${migrationId} recorded no event for ${seconds} s in phase "${name}": that step does not finish yet on this installation (see the service logs)`;
}

/** `ferry watch` until the migration ends, then `ferry events`; throws StepUnavailable unless it completed. */
export async function watchToEnd(env: DemoEnvironment, migrationId: string, say: (line: string) => void): Promise<void> {
  say(`$ ferry watch ${migrationId}`);
  const watch = ferryShown('watch', migrationId);
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
  await ferryShown('events', migrationId).exited;
  if (stalled !== undefined) throw new StepUnavailable(stuckIn(stalled, migrationId));
  if (code !== 0) throw new StepUnavailable(`the migration did not complete (ferry watch exit ${code}); its events are above`);
}
