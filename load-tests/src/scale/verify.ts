// bench:scale's checks of each outcome: every completed migration's DiskCopyCompleted digest must be
// the whole-disk digest of its own source disk (recomputed here from the source flat extent), and a
// sample of replicas is compared with its source by qemu-img compare (the oracle).
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { diskDigest, sha256 } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { qemuCompare } from '@ferry/testing';
import { arr, at, obj, retrieveContainer, str } from '@ferry/vsphere';
import type { ScaleSite } from './site';
import type { ScaleVm } from './source-vms';
import { stepTimes, type StepTime } from './step-times';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const CHUNK = 2 ** 20;

/** What the checks found. */
export interface Verification {
  /** Stored events over every migration checked (ListMigrationEvents). */
  readonly events: number;
  readonly digestsChecked: number;
  /** "<vm>: why" for each digest that did not match its source. */
  readonly digestMismatches: readonly string[];
  readonly compared: number;
  /** "<vm>: qemu-img's words" for each sampled replica that differs. */
  readonly compareFailures: readonly string[];
  /** Mean time before each event type, first and last tenth of the migrations to start. */
  readonly stepTimes: readonly StepTime[];
}

/** The whole-disk digest of a raw (flat) file, chunk by chunk as sender and receiver compute it. */
async function flatDigest(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const hashes: Buffer[] = [];
    const buffer = Buffer.alloc(CHUNK);
    for (let offset = 0; offset < size; offset += CHUNK) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK, size - offset), offset);
      hashes.push(sha256(buffer.subarray(0, bytesRead)));
    }
    return diskDigest(size, CHUNK, hashes).toString('hex');
  } finally {
    await file.close();
  }
}

/** Cloud VM moref → its disks' "[datastore] path". */
async function cloudDisks(site: ScaleSite): Promise<Map<string, string[]>> {
  const disks = new Map<string, string[]>();
  for await (const page of retrieveContainer(site.cloudVc, [{ type: 'VirtualMachine', paths: ['config.hardware.device'] }])) {
    for (const o of page) {
      const devices = arr(at(o.props.get('config.hardware.device'), 'VirtualDevice'));
      disks.set(o.obj.value, devices.filter((d) => obj(d)?.$type === 'VirtualDisk').map((d) => str(obj(at(d, 'backing'))?.fileName) ?? ''));
    }
  }
  return disks;
}

function cloudFile(site: ScaleSite, datastorePath: string): string {
  const match = /^\[([^\]]+)\]\s*(.*)$/.exec(datastorePath);
  const ds = site.site.pair.cloud.datastores.find((d) => d.name === match?.[1]);
  if (!match?.[2] || !ds) throw new Error(`"${datastorePath}" is not on a cloud datastore`);
  return join(ds.path, match[2]);
}

/** Checks every completed migration's digest and `sample` replicas by qemu-img compare. */
export async function verifyOutcomes(site: ScaleSite, vms: readonly ScaleVm[], migrations: readonly api.IMigration[], sample: number): Promise<Verification> {
  const vmOf = new Map(vms.map((vm) => [vm.moref, vm]));
  const completed = migrations.filter((m) => m.phase === mig.Phase.PHASE_COMPLETED);
  let events = 0;
  const digestMismatches: string[] = [];
  const timelines = [];
  for (const m of migrations) {
    const vm = vmOf.get(m.sourceVm?.moref ?? '');
    const reply = await site.call<api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId: m.id });
    events += reply.events.length;
    timelines.push({ startedAtMs: Number(m.startedAt?.unixMillis ?? 0), events: reply.events });
    if (m.phase !== mig.Phase.PHASE_COMPLETED || !vm) continue;
    const copied = reply.events.filter((e) => e.typeName === 'DiskCopyCompleted').map((e) => mig.DiskCopyCompleted.decode(e.payload!));
    const expected = await flatDigest(vm.vmdk.replace(/\.vmdk$/, '-flat.vmdk'));
    if (copied.length !== 1 || copied[0]!.sha256 !== expected) digestMismatches.push(`${vm.name}: stored ${copied.map((c) => c.sha256).join(',') || 'no DiskCopyCompleted'}, source ${expected}`);
  }
  const compareFailures: string[] = [];
  const step = Math.max(1, Math.floor(completed.length / Math.max(1, sample)));
  const sampled = completed.filter((_, i) => i % step === 0).slice(0, sample);
  const disks = sampled.length > 0 ? await cloudDisks(site) : new Map<string, string[]>();
  for (const m of sampled) {
    const vm = vmOf.get(m.sourceVm?.moref ?? '');
    const target = disks.get(m.targetVm?.moref ?? '');
    if (!vm || target?.length !== 1) {
      compareFailures.push(`${vm?.name ?? m.id}: target ${m.targetVm?.moref ?? 'unknown'} has ${target?.length ?? 0} disks on the cloud vCenter`);
      continue;
    }
    const { identical, output } = await qemuCompare(vm.vmdk, cloudFile(site, target[0]!));
    if (!identical) compareFailures.push(`${vm.name}: ${output.trim()}`);
  }
  return { events, digestsChecked: completed.length, digestMismatches, compared: sampled.length, compareFailures, stepTimes: stepTimes(timelines) };
}
