// Cold migration end to end through the integrator API: real services, two vcsims, real VMDKs.
import { readFile } from 'node:fs/promises';
import { ferry } from '@ferry/proto';
import { qemuCompare } from '@ferry/testing';
import { unaryCall } from '@ferry/service-kit';
import { powerState, reconfigureVm } from '@ferry/vsphere';
import { CREDIT_WINDOW, startColdMigrationEnv, type ColdMigrationEnv, type TransferStatus } from './cold-migration-env';
import { cloudFile, cloudVms, eventTypes, premDisks, uploadFolderLeft, waitForEvent } from './cold-migration-checks';
import { makeSourceVm, type SourceVm, type SourceVmSpec } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(180_000);

let env: ColdMigrationEnv;

beforeAll(async () => {
  env = await startColdMigrationEnv();
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

const vmSpec = (name: string, over: Partial<SourceVmSpec> = {}): SourceVmSpec => ({ name, diskMiB: [16, 24], cpus: 2, coresPerSocket: 1, memoryMB: 1024, firmware: 'bios', ...over });

const MiB = 2 ** 20;

/** Waits until the inventory shows each VM with all its disks, then creates and starts one plan of them. */
async function startPlan(vms: readonly SourceVm[], requestId: string, concurrency: number, settings: Partial<api.ICreatePlanRequest> = {}): Promise<string[]> {
  for (const vm of vms) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined);
      if ((found?.disks ?? []).length === vm.spec.diskMiB.length) break;
      if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref} with ${vm.spec.diskMiB.length} disks`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const ds = env.pair.prem.datastores[0]!.name;
  const cloudDs = env.pair.cloud.datastores[0]!.name;
  const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId, name: requestId, concurrency, mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    vms: vms.map((vm) => ({ vcenter: 'prem', moref: vm.moref })),
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: ds, targetDatastore: cloudDs }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    ...settings,
  });
  expect(Number(plan.maxDiskBytesPerSecond)).toBe(Number(settings.maxDiskBytesPerSecond ?? 0));
  const started = await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
  expect(started.migrationIds).toHaveLength(vms.length);
  return started.migrationIds;
}

const getMigration = (migrationId: string): Promise<api.Migration> => env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });

/** Every disk of the VM's migration, as uploaded to the cloud datastore, equals its source (qemu-img compare). */
async function expectDisksCopied(vm: SourceVm, migrationId: string): Promise<void> {
  const target = (await cloudVms(env)).find((v) => v.annotation.endsWith(`ferry-migration-id=${migrationId}`));
  expect(target?.disks).toHaveLength(vm.diskFiles.length);
  for (const [i, source] of vm.diskFiles.entries()) {
    const copy = cloudFile(env, target!.disks[i]!);
    const { identical, output } = await qemuCompare(source, copy);
    expect({ disk: i, identical, output }).toEqual({ disk: i, identical: true, output: expect.any(String) });
  }
}

/** Asserts the migration completed; a failure shows its phase, step and stored reason instead of a bare phase number. */
async function expectCompleted(migrationId: string): Promise<void> {
  const m = await getMigration(migrationId);
  const outcome = { phase: mig.Phase[m.phase], reason: m.failureReason };
  if (m.phase !== mig.Phase.PHASE_COMPLETED) process.stderr.write(`migration ${migrationId} ended ${outcome.phase}; appliance log:\n${env.appliance.log().split('\n').slice(-40).join('\n')}\n`);
  expect(outcome).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });
}

/** Bytes of the 1 MiB chunks (prem-manager's default) of a monolithicFlat VMDK holding a non-zero byte: what a full copy sends. */
async function dataChunkBytes(vmdk: string): Promise<number> {
  const flat = await readFile(vmdk.replace(/\.vmdk$/, '-flat.vmdk'));
  let chunks = 0;
  for (let at = 0; at < flat.length; at += MiB) if (flat.subarray(at, at + MiB).some((byte) => byte !== 0)) chunks++;
  return chunks * MiB;
}

async function transfer(migrationId: string, diskId: string): Promise<TransferStatus> {
  return unaryCall(env.shipper, 'GetTransfer', { migrationId, diskId, generation: 1 });
}

/** Waits until each of the migration's two disks has sent at least `frames` frames; returns their keys. */
async function whenBothDisksSent(migrationId: string, frames: number): Promise<string[]> {
  await waitForEvent(env, migrationId, ['DiskCopyStarted']);
  for (;;) {
    const diskKeys = (await getMigration(migrationId)).disks.map((d) => d.diskKey ?? '');
    const sent = await Promise.all(diskKeys.map(async (key) => Number((await transfer(migrationId, key).catch(() => ({ framesSent: 0 }))).framesSent)));
    if (diskKeys.length === 2 && sent.every((n) => n >= frames)) return diskKeys;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('cold migration through the appliance API', () => {
  it('migrates a plan of 3 VMs with 2 disks each (concurrency 2): disks equal, CPU, memory, firmware, networks and MACs as the source', async () => {
    const specs = [vmSpec('cold-a', { firmware: 'efi', cpus: 4, coresPerSocket: 2, memoryMB: 2048 }), vmSpec('cold-b'), vmSpec('cold-c', { diskMiB: [32, 16], memoryMB: 1536 })];
    const vms = await Promise.all(specs.map((s) => makeSourceVm(env, s)));
    const ids = await startPlan(vms, 'e2e-three', 2);
    // The third waits for a free slot: at StartPlan only two are planned.
    expect(await eventTypes(env, ids[2]!).catch(() => [])).toEqual([]);
    for (const id of ids) await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed']);
    for (const id of ids) await expectCompleted(id);

    const cloud = await cloudVms(env);
    for (const [i, vm] of vms.entries()) {
      const target = cloud.find((v) => v.annotation.endsWith(`ferry-migration-id=${ids[i]}`));
      expect(target && { name: target.name, cpus: target.numCpus, cores: target.coresPerSocket, memory: target.memoryMB, firmware: target.firmware }).toEqual({
        name: vm.spec.name, cpus: vm.spec.cpus, cores: vm.spec.coresPerSocket, memory: vm.spec.memoryMB, firmware: vm.spec.firmware,
      });
      expect(target!.nics).toEqual(vm.macs.map((mac) => ({ mac, network: 'VM Network', adapter: 'VirtualVmxnet3' })));
      await expectDisksCopied(vm, ids[i]!);
      // Cold: the source stays off, the target runs.
      expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOff');
      expect(await powerState(env.cloudVc, { type: 'VirtualMachine', value: target!.moref })).toBe('poweredOn');
    }
    const types = await eventTypes(env, ids[0]!);
    expect(types.filter((t) => !t.startsWith('DiskCopy'))).toEqual(['MigrationPlanned', 'MigrationValidated', 'SourcePoweredOff', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted']);
    expect(types.filter((t) => t === 'DiskCopyCompleted')).toHaveLength(2);
    // Nothing to migrate back from a cold migration: its prem VM was never changed.
    await expect(env.call('MigrateBack', { migrationId: ids[0] })).rejects.toThrow(/cannot migrate back: .* is cold: its source VM on prem was never changed/);
  });

  it('kill -9 of the appliance mid-migration: after restart the migration continues from its events and completes', async () => {
    const vm = await makeSourceVm(env, vmSpec('cold-kill-appliance', { diskMiB: [48, 32] }));
    const [id] = await startPlan([vm], 'e2e-kill-appliance', 1);
    await waitForEvent(env, id!, ['SourcePoweredOff', 'DiskCopyStarted']);
    await env.appliance.kill9();
    await env.appliance.restart();
    await waitForEvent(env, id!, ['MigrationCompleted', 'MigrationFailed']);
    await expectCompleted(id!);
    await expectDisksCopied(vm, id!);
    const types = await eventTypes(env, id!);
    expect(types.filter((t) => t === 'SourcePoweredOff' || t === 'TargetCreated' || t === 'MigrationCompleted')).toEqual(['SourcePoweredOff', 'TargetCreated', 'MigrationCompleted']);
    // The restarted appliance found the migration unfinished in the store and ran its current step again.
    expect(env.appliance.log()).toContain(`resuming migration ${id}`);
  });

  it.each(['prem-manager', 'cloud-manager'] as const)('kill -9 of %s mid-copy: the migration completes after it restarts, resending at most the in-flight window', async (victim) => {
    const vm = await makeSourceVm(env, vmSpec(`cold-kill-${victim}`, { diskMiB: [96, 16] }));
    // The plan's per-disk cap keeps the big disk copying for seconds, so the kill always lands mid-copy.
    const [id] = await startPlan([vm], `e2e-kill-${victim}`, 1, { maxDiskBytesPerSecond: 16 * MiB });
    await waitForEvent(env, id!, ['DiskCopyStarted']);
    const migration = await getMigration(id!);
    const bigDisk = migration.disks[0]?.diskKey ?? '';
    for (let sent = 0; sent < 8; ) {
      sent = Number((await transfer(id!, bigDisk).catch(() => ({ framesSent: 0 }))).framesSent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const service = victim === 'prem-manager' ? env.prem : env.cloud;
    await service.kill9();
    await service.restart();
    await waitForEvent(env, id!, ['MigrationCompleted', 'MigrationFailed']);
    await expectCompleted(id!);
    await expectDisksCopied(vm, id!);
    const status = await transfer(id!, bigDisk);
    const resent = Number(status.framesSent) - Number(status.chunksSent);
    process.stdout.write(`kill -9 ${victim}: ${status.chunksTotal} chunks, ${status.sessions} sessions, ${resent} chunks sent twice\n`);
    expect(Number(status.sessions)).toBeGreaterThanOrEqual(2);
    expect(resent).toBeLessThanOrEqual(CREDIT_WINDOW + 4);
    // DiskCopyCompleted counts the whole copy (prem-manager's logs), not the bytes since the restart.
    const { events } = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId: id });
    const completed = events.filter((e) => e.typeName === 'DiskCopyCompleted').map((e) => mig.DiskCopyCompleted.decode(e.payload!)).find((e) => e.diskKey === bigDisk);
    const dataBytes = await dataChunkBytes(vm.diskFiles[0]!);
    expect(Number(completed?.bytesCopied)).toBe(dataBytes);
    expect(Number(completed?.bytesSkippedZero)).toBe(96 * MiB - dataBytes);
    expect(completed).toMatchObject({ generation: 1, mode: 'full' });
    expect(Number(completed?.sourceBytes)).toBeGreaterThanOrEqual(dataBytes);
    expect(Number(completed?.wireBytes)).toBeGreaterThan(0);
    // Checkpoints count the bytes the receiver verified while the copy ran (not 0 until the last) and never go back.
    const checkpointed = events.filter((e) => e.typeName === 'DiskCopyCheckpointed').map((e) => mig.DiskCopyCheckpointed.decode(e.payload!)).filter((e) => e.diskKey === bigDisk);
    const copied = checkpointed.map((e) => Number(e.bytesCopied));
    process.stdout.write(`kill -9 ${victim}: checkpoints at ${copied.join(', ')} bytes verified\n`);
    expect(copied.length).toBeGreaterThanOrEqual(2);
    expect(copied.every((bytes) => bytes > 0)).toBe(true);
    expect(copied).toEqual([...copied].sort((x, y) => x - y));
    // Validation found the mapped cloud datastore and checked it for room (else a target-datastore-space warning says why not).
    const validated = events.filter((e) => e.typeName === 'MigrationValidated').map((e) => mig.MigrationValidated.decode(e.payload!));
    expect(validated.flatMap((e) => e.warnings).filter((w) => w.startsWith('target-datastore-space'))).toEqual([]);
  });

  it('refuses a VM the readiness rules block, naming the failed rules; once fixed, a retry resumes at validation and completes', async () => {
    const vm = await makeSourceVm(env, vmSpec('cold-blocked', { independentDisks: true, diskMiB: [8] }));
    const [id] = await startPlan([vm], 'e2e-blocked', 1);
    await waitForEvent(env, id!, ['MigrationFailed', 'MigrationCompleted']);
    const failed = await getMigration(id!);
    expect(failed.phase).toBe(mig.Phase.PHASE_FAILED);
    expect(failed.failureReason).toContain('readiness blocked');
    expect(failed.failureReason).toContain('independent-disk');
    expect(await eventTypes(env, id!)).toEqual(['MigrationPlanned', 'MigrationFailed']);
    expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOn');

    // The operator makes the disk persistent (same file), waits for the assessment to clear, and retries.
    const ref = { type: 'VirtualMachine', value: vm.moref };
    const [disk] = await premDisks(env, vm.moref);
    await reconfigureVm(env.premVc, ref, {
      removeDevices: [{ key: disk!.key, typeName: 'VirtualDisk' }],
      addDevices: [{ kind: 'disk', controllerKey: disk!.controllerKey, unitNumber: disk!.unitNumber + 1, capacityKB: disk!.capacityKB, fileName: disk!.fileName }],
    });
    for (let ready = false, tries = 0; !ready; tries++) {
      const assessment = await env.call<api.IAssessVmRequest, api.Assessment>('AssessVm', { vcenter: 'prem', moref: vm.moref, mode: mig.MigrationMode.MIGRATION_MODE_COLD });
      ready = assessment.ready;
      if (tries > 100) throw new Error(`the assessment of ${vm.moref} stayed blocked: ${JSON.stringify(assessment.findings)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await env.call<api.IRetryMigrationRequest, api.Migration>('RetryMigration', { migrationId: id });
    await waitForEvent(env, id!, ['MigrationCompleted']);
    const types = await eventTypes(env, id!);
    expect(types.filter((t) => !t.startsWith('DiskCopy'))).toEqual([
      'MigrationPlanned', 'MigrationFailed', 'MigrationRetried', 'MigrationValidated', 'SourcePoweredOff', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted',
    ]);
    await expectDisksCopied(vm, id!);
  });

  it("lifting a plan's disk rate cap mid-copy (SetPlanDiskRate 0): the copies under way speed up in the same session and the migration completes", async () => {
    const vm = await makeSourceVm(env, vmSpec('cold-rate', { diskMiB: [64, 64] }));
    // About 22 MiB of each disk goes on the wire: at 1 MiB/s a copy needs over 20 s.
    const [id] = await startPlan([vm], 'e2e-rate', 1, { maxDiskBytesPerSecond: MiB });
    const diskKeys = await whenBothDisksSent(id!, 2);
    const atLift = await Promise.all(diskKeys.map((key) => transfer(id!, key)));
    const liftedAt = Date.now();
    const plan = await env.call<api.ISetPlanDiskRateRequest, api.Plan>('SetPlanDiskRate', { planId: (await getMigration(id!)).planId, maxDiskBytesPerSecond: 0 });
    expect(Number(plan.maxDiskBytesPerSecond)).toBe(0);
    await waitForEvent(env, id!, ['MigrationCompleted', 'MigrationFailed']);
    await expectCompleted(id!);
    await expectDisksCopied(vm, id!);

    const done = await Promise.all(diskKeys.map((key) => transfer(id!, key)));
    expect(done.map((t) => Number(t.maxBytesPerSecond))).toEqual([0, 0]);
    expect(done.map((t) => t.sessions)).toEqual(atLift.map((t) => t.sessions)); // the cap changed inside the running session
    // Still capped, what was left after the lift would have taken (bytes left) / (1 MiB/s) at least.
    const leftBytes = Math.min(...done.map((t, i) => Number(t.wireBytes) - Number(atLift[i]!.wireBytes)));
    const { events } = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId: id });
    const copiedAt = Math.max(...events.filter((e) => e.typeName === 'DiskCopyCompleted').map((e) => Number(mig.DiskCopyCompleted.decode(e.payload!).meta?.at?.unixMillis)));
    const seconds = (copiedAt - liftedAt) / 1000;
    process.stdout.write(`rate lifted mid-copy: the smaller rest was ${(leftBytes / MiB).toFixed(1)} MiB on the wire; both disks were copied ${seconds.toFixed(1)} s after the lift\n`);
    expect(leftBytes).toBeGreaterThan(8 * MiB);
    expect(seconds).toBeLessThan(leftBytes / MiB);
    const rateSet = events.find((e) => e.typeName === 'DiskRateSet');
    expect(Number(mig.DiskRateSet.decode(rateSet!.payload!).maxDiskBytesPerSecond)).toBe(0);
  });

  it('cancel mid-copy: both disk transfers are stopped (CANCELLED), the source is powered back on, no target VM and no uploaded files are left', async () => {
    const vm = await makeSourceVm(env, vmSpec('cold-cancel', { diskMiB: [128, 128] }));
    // Each disk puts about 45 MiB on the wire (its text compresses, its holes stay home); capped at 4 MiB/s
    // a copy runs for over 10 s, so the cancel (seen at the next progress checkpoint) lands mid-copy on any machine.
    const [id] = await startPlan([vm], 'e2e-cancel', 1, { maxDiskBytesPerSecond: 4 * MiB });
    // Cancel once both disks' transfers are under way.
    const diskKeys = await whenBothDisksSent(id!, 4);
    const cancelledAt = Date.now();
    await env.call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId: id, reason: 'e2e: cancel mid-copy' });
    await waitForEvent(env, id!, ['CompensationCompleted']);
    const stopped = await Promise.all(diskKeys.map((key) => transfer(id!, key)));
    expect(stopped.map((t) => ferry.dataplane.v1.TransferState[t.state])).toEqual(['TRANSFER_STATE_CANCELLED', 'TRANSFER_STATE_CANCELLED']);
    // The plan's cap reached prem-manager with each disk's StartTransfer.
    expect(stopped.map((t) => Number(t.maxBytesPerSecond))).toEqual([4 * MiB, 4 * MiB]);
    for (const t of stopped) expect(Number(t.chunksSent)).toBeLessThan(Number(t.chunksTotal));
    process.stdout.write(`cancel mid-copy: compensated ${Date.now() - cancelledAt} ms after CancelMigration; chunks sent ${stopped.map((t) => `${t.chunksSent}/${t.chunksTotal}`).join(', ')}\n`);
    const { events } = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId: id });
    const cancelled = events.find((e) => e.typeName === 'MigrationCancelled');
    expect(mig.MigrationCancelled.decode(cancelled!.payload!).step).toBe(mig.Step.STEP_COPY_DISKS);
    expect(events.map((e) => e.typeName)).not.toContain('TargetCreated');
    expect((await getMigration(id!)).phase).toBe(mig.Phase.PHASE_CANCELLED);
    expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOn');
    expect((await cloudVms(env)).filter((v) => v.annotation.endsWith(`ferry-migration-id=${id}`))).toEqual([]);
    expect(uploadFolderLeft(env, id!)).toBe(false);
  });
});
