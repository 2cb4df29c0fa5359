// Pre-copy under faults (part of `npm run test:faults`): a kill -9 of the appliance during a delta sync and
// again during the cutover's final delta — the migration resumes each sync from its recorded snapshot and
// completes, identical, with every snapshot removed; a cancel between syncs removes the snapshots too.
import { unaryCall } from '@ferry/service-kit';
import { ferry } from '@ferry/proto';
import { changeTrackingEnabled, powerState, removeSnapshotsNamed } from '@ferry/vsphere';
import { waitForEvent } from './cold-migration-checks';
import { faultVerdict, recordVerdict } from './fault-migrations';
import { makeSourceVm, type SourceVmSpec } from './source-vms';
import { MiB, recorded, snapshotsLeft, startPrecopy, syncCompleted, writeChunks, precopySite, precopyVmSpec } from './precopy-support';
import api = ferry.api.v1;

jest.setTimeout(300_000);

const site = precopySite();

const vmSpec = (name: string): SourceVmSpec => precopyVmSpec(name, 16);

/** Waits until a sync (`generation`, or the final one) is recorded as started; the kill then lands inside it. Returns its generation. */
async function whenSyncStarted(id: string, which: number | 'final'): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const started = (await recorded(site.env(), id, 'DeltaSyncStarted').catch(() => [])).find((s) => (which === 'final' ? s.final : s.generation === which));
    if (started) return started.generation;
    if (Date.now() > deadline) throw new Error(`sync ${which} of ${id} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Seconds between syncs: long enough that, once sync 2 is done, no further delta starts before the
 * test's writes and its cutover (the final delta must be the one that ships them, even on a busy machine).
 */
const INTERVAL_S = 20;

/** kill -9 of the appliance, then a restart; returns when it is back. */
async function killAppliance(): Promise<number> {
  await site.env().appliance.kill9();
  await site.env().appliance.restart();
  return Date.now();
}

/** Slows each disk transfer to 1 MiB/s, so a sync of a few changed chunks lasts seconds (room for the kill). */
async function throttle(id: string): Promise<void> {
  const m = await site.env().call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id });
  await site.env().call('SetPlanDiskRate', { planId: m.planId, maxDiskBytesPerSecond: MiB });
}

describe('pre-copy under faults', () => {
  it('kill -9 of the appliance during a delta sync and during the final delta: each resumes from its snapshot; completes identical, snapshots removed', async () => {
    const vm = await makeSourceVm(site.env(), vmSpec('precopy-kill'));
    const id = await startPrecopy(site.env(), vm, 'precopy-kill', INTERVAL_S);
    await syncCompleted(site.env(), id, 1);
    await throttle(id);
    const touched = [1, 3, 5, 7, 9, 11];
    await writeChunks(vm, touched);
    await whenSyncStarted(id, 2);
    const killedAt = Date.now();
    const backAt = await killAppliance();
    const delta = await syncCompleted(site.env(), id, 2);
    expect(delta.meta.at).toBeGreaterThan(killedAt); // the kill landed inside the sync
    expect({ chunks: delta.chunks, snapshots: (await recorded(site.env(), id, 'DeltaSyncStarted')).filter((s) => s.generation === 2).length }).toEqual({ chunks: touched.length, snapshots: 1 });
    const deltaRecoveredMs = Date.now() - backAt;

    await writeChunks(vm, [2, 4, 6, 8]);
    await site.env().call('Cutover', { migrationId: id, reason: 'fault test' });
    const finalGeneration = await whenSyncStarted(id, 'final');
    const killedAgainAt = Date.now();
    const backAgainAt = await killAppliance();
    await waitForEvent(site.env(), id, ['MigrationCompleted', 'MigrationFailed'], 120_000);
    const verdict = await faultVerdict(site.env(), id, vm);
    recordVerdict('appliance kill -9 during a pre-copy delta sync, then during its final delta', verdict, Date.now() - backAgainAt, false, `delta sync resumed and completed ${deltaRecoveredMs} ms after the first restart`);
    expect({ phase: verdict.phase, reason: verdict.failureReason, identical: verdict.identical, audit: verdict.auditIntact, duplicates: verdict.duplicates }).toEqual({
      phase: 'PHASE_COMPLETED', reason: '', identical: true, audit: true, duplicates: 0,
    });
    const final = (await recorded(site.env(), id, 'DeltaSyncCompleted')).find((s) => s.final);
    expect(final).toMatchObject({ generation: finalGeneration, chunks: 4 });
    expect(final!.meta.at).toBeGreaterThan(killedAgainAt);
    expect(site.env().appliance.log()).toContain(`resuming migration ${id}`);
    expect(await snapshotsLeft(site.env(), vm)).toEqual([]);
    // prem-manager ran each generation once: the resumed syncs followed the transfers the killed appliance had started.
    const status = await unaryCall<object, ferry.dataplane.v1.TransferStatus>(site.env().shipper, 'GetTransfer', { migrationId: id, diskId: final!.disks[0]!.diskKey, generation: finalGeneration });
    expect(ferry.dataplane.v1.TransferState[status.state]).toBe('TRANSFER_STATE_COMPLETED');
  });

  it('a sync whose snapshot was removed behind its back (appliance down) is redone by hash comparison under the next generation; completes identical', async () => {
    const vm = await makeSourceVm(site.env(), vmSpec('precopy-lost-snapshot'));
    const id = await startPrecopy(site.env(), vm, 'precopy-lost-snapshot', 5);
    await syncCompleted(site.env(), id, 1);
    await throttle(id);
    await writeChunks(vm, [2, 6, 10, 14]);
    await whenSyncStarted(id, 2);
    await site.env().appliance.kill9();
    expect(await removeSnapshotsNamed(site.env().premVc, { type: 'VirtualMachine', value: vm.moref }, `ferry-${id}-`)).toEqual(['ferry-' + id + '-g2']);
    await site.env().appliance.restart();
    const redone = await syncCompleted(site.env(), id, 3);
    expect({ mode: redone.disks[0]!.mode, final: redone.final }).toEqual({ mode: 'hashes', final: false });
    expect(redone.chunks).toBeLessThanOrEqual(4); // what differs: at most the chunks written (sync 2 may have landed some)
    expect((await recorded(site.env(), id, 'DeltaSyncCompleted')).map((s) => s.generation)).toEqual([1, 3]);
    await site.env().call('Cutover', { migrationId: id });
    await waitForEvent(site.env(), id, ['MigrationCompleted', 'MigrationFailed'], 120_000);
    const verdict = await faultVerdict(site.env(), id, vm);
    expect({ phase: verdict.phase, reason: verdict.failureReason, identical: verdict.identical }).toEqual({ phase: 'PHASE_COMPLETED', reason: '', identical: true });
    expect(await snapshotsLeft(site.env(), vm)).toEqual([]);
  });

  it('a cancel between syncs removes every snapshot and the replica; the source runs on', async () => {
    const vm = await makeSourceVm(site.env(), vmSpec('precopy-cancel'));
    const id = await startPrecopy(site.env(), vm, 'precopy-cancel', 2);
    await syncCompleted(site.env(), id, 1);
    await writeChunks(vm, [0]);
    await syncCompleted(site.env(), id, 2);
    await site.env().call('CancelMigration', { migrationId: id, reason: 'fault test: changed plans' });
    await waitForEvent(site.env(), id, ['CompensationCompleted'], 60_000);
    expect(await snapshotsLeft(site.env(), vm)).toEqual([]);
    expect(await powerState(site.env().premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOn');
    // CBT was off before the migration: the cancel switched it off again.
    expect(await changeTrackingEnabled(site.env().premVc, { type: 'VirtualMachine', value: vm.moref })).toBe(false);
    // No further sync starts after the cancel (the next one was due 2 s after the last).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await recorded(site.env(), id, 'DeltaSyncStarted')).map((s) => s.generation)).toEqual([1, 2]);
    expect(await snapshotsLeft(site.env(), vm)).toEqual([]);
  });
});
