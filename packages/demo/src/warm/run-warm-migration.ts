// The warm migration the demo runs: `ferry migrate --warm` of a running Debian VM, its hydration capped
// until the guest is up in the cloud (as an operator sparing a WAN link would), then lifted; `ferry
// watch` to the end; then the figures an operator asks about: source off → login-ready marker over the
// cache, the share of the disk fetched on demand before it, the hydration time, and `qemu-img compare`
// of the moved VMDK with (source + what the guest wrote in the cloud).
import { join } from 'node:path';
import { ferry as proto } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { chunksIn, qemuCompare, qemuImg, sourcePlusCloudWrites, type CloudHostRunner } from '@ferry/testing';
import { auditVerifyArgs } from '../audit-verify-args';
import { ferry, ferryShown } from '../cold/cli';
import type { DemoEnvironment } from '../cold/environment';
import type { DemoSourceVm } from '../cold/source-vm';
import { StepUnavailable, waitForInventory, watchToEnd } from '../migration-watch';
import { onDemandBytes } from './cloud-host';

import api = proto.api.v1;
import mig = proto.migration.v1;

const MiB = 2 ** 20;
/** The hydration cap while the guest boots, MiB/s. */
const BOOT_RATE_MIB = 1;
const BOOT_TIMEOUT_MS = 15 * 60_000;

/** What the demo prints at the end of a warm migration. */
export interface WarmFigures {
  readonly sourceOffToMarkerSeconds: number;
  readonly fetchedBeforeMarkerShare: number;
  readonly hydrationSeconds: number;
  readonly chunksWrittenInCloud: number;
  readonly movedEqualsSourcePlusWrites: boolean;
}

async function eventsOf(env: DemoEnvironment, migrationId: string): Promise<mig.IMigrationEvent[]> {
  const client = env.api.client('operator');
  try {
    return (await unaryCall<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>(client, 'ListMigrationEvents', { migrationId })).events;
  } finally {
    client.close();
  }
}

/** Unix ms of the first event of a type, from its meta. */
function firstAt(events: mig.IMigrationEvent[], type: string): number {
  const event = events.find((e) => e.typeName === type);
  if (!event) throw new StepUnavailable(`the migration recorded no ${type} event`);
  return Number(event.meta?.at?.unixMillis ?? 0);
}

function moved(events: mig.IMigrationEvent[]): mig.MovedToStorage {
  const event = events.find((e) => e.typeName === 'MovedToStorage');
  if (!event) throw new StepUnavailable('the migration recorded no MovedToStorage event: its disk never left the cache');
  return mig.MovedToStorage.decode(event.payload ?? new Uint8Array());
}

/** "[ds] folder/file.vmdk" on the cloud vCenter → the local file behind it. */
function cloudFile(env: DemoEnvironment, datastorePath: string): string {
  const m = /^\[([^\]]+)\]\s*(.+)$/.exec(datastorePath);
  const ds = env.pair.cloud.datastores.find((d) => d.name === m?.[1]);
  if (!m || !ds) throw new StepUnavailable(`compare: moved disk path "${datastorePath}" is not on a cloud datastore`);
  return join(ds.path, m[2] ?? '');
}

/** The moved disk against (source + the chunks the guest wrote in the cloud), on raw copies. */
async function compareMoved(env: DemoEnvironment, vm: DemoSourceVm, disk: mig.IMovedDisk, say: (line: string) => void): Promise<boolean> {
  const movedVmdk = cloudFile(env, disk.datastorePath ?? '');
  const copy = join(env.dir, 'warm-moved.raw');
  const expected = join(env.dir, 'warm-source-plus-cloud-writes.raw');
  const spans = (disk.writtenInCloud ?? []).map((s) => ({ first: s.first ?? 0, last: s.last ?? 0 }));
  say(`building (source + the ${chunksIn(spans)} MiB the guest wrote in the cloud, ${spans.length} ranges) from ${vm.image} and a raw copy of ${movedVmdk}`);
  await qemuImg('convert', '-O', 'raw', movedVmdk, copy);
  await sourcePlusCloudWrites(vm.image, copy, spans, MiB, expected);
  say(`$ qemu-img compare -f raw -F vmdk ${expected} ${movedVmdk}`);
  const result = await qemuCompare(expected, movedVmdk, { a: 'raw', b: 'vmdk' });
  say(`  ${result.output.trim()}`);
  return result.identical;
}

export async function runWarmMigration(env: DemoEnvironment, vm: DemoSourceVm, runner: CloudHostRunner, say: (line: string) => void): Promise<WarmFigures> {
  say(`waiting for the inventory service to list ${vm.moref}`);
  await waitForInventory(env, vm);
  const cloudDs = env.pair.cloud.datastores[0]?.name ?? '';
  const args = ['migrate', vm.moref, '--warm', '--network', 'VM Network=VM Network', '--storage', `${vm.datastore}=${cloudDs}`,
    '--datacenter', 'DC0', '--folder', '/DC0/vm', '--resource-pool', '/DC0/host/DC0_C0/Resources', '--max-disk-rate', String(BOOT_RATE_MIB)];
  say(`$ ferry ${args.join(' ')}`);
  const started = await ferry(...args, '--json');
  if (started.code !== 0) throw new StepUnavailable(`ferry migrate --warm refused (exit ${started.code}): ${started.stderr.trim()}`);
  const { migrationId, planId } = JSON.parse(started.stdout) as { migrationId: string; planId: string };
  say(`plan ${planId} started warm migration ${migrationId}; hydration capped at ${BOOT_RATE_MIB} MiB/s until the guest is up`);
  const iqn = `iqn.2026-12.io.ferry:${migrationId}`;

  // The marker, the on-demand bytes at that moment, then the cap lifted — while `ferry watch` runs.
  const boot = runner.waitForMarker(vm.name, BOOT_TIMEOUT_MS).then(async (guest) => {
    const fetched = await onDemandBytes(env, iqn, 0);
    say(`the guest reached its login-ready marker in the cloud over the cache (${fetched} bytes fetched on demand so far); lifting the hydration cap`);
    await ferryShown('plan', 'set-rate', planId, '0').exited;
    return { markerAt: guest.markerReachedAt?.getTime() ?? 0, fetched };
  });
  boot.catch(() => undefined);
  await watchToEnd(env, migrationId, say);
  const { markerAt, fetched } = await boot;

  const events = await eventsOf(env, migrationId);
  const hydrationStart = firstAt(events, 'DiskCopyStarted');
  const result = moved(events);
  const disk = result.disks[0];
  if (!disk) throw new StepUnavailable('MovedToStorage names no disk');
  const identical = await compareMoved(env, vm, disk, say);
  if (!identical) throw new StepUnavailable('compare: the moved VMDK differs from (source + the guest\'s cloud writes)');
  const verify = auditVerifyArgs(env);
  say(`$ ferry ${verify.join(' ')}`);
  if ((await ferryShown(...verify).exited) !== 0) throw new StepUnavailable('ferry audit verify found problems');
  return {
    sourceOffToMarkerSeconds: (markerAt - firstAt(events, 'SourcePoweredOff')) / 1000,
    fetchedBeforeMarkerShare: fetched / vm.capacityBytes,
    hydrationSeconds: (firstAt(events, 'HydrationCompleted') - hydrationStart) / 1000,
    chunksWrittenInCloud: Number(disk.chunksWrittenInCloud),
    movedEqualsSourcePlusWrites: identical,
  };
}
