// Pre-copy migration end to end through the appliance API: real services, nats-server, two vcsims with CBT.
// A writer changes the running VM's disk between syncs; each delta ships exactly the chunks it touched, as
// their changed spans; the cutover's final delta is small, and the target equals the source at the cutover.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { qemuCompare } from '@ferry/testing';
import { changeTrackingEnabled, powerState } from '@ferry/vsphere';
import { cloudFile, cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { makeSourceVm, type SourceVmSpec } from './source-vms';
import { planRequest, recorded, snapshotsLeft, startPrecopy, syncCompleted, writeChunks, MiB, precopySite, precopyVmSpec } from './precopy-support';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(240_000);

const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');

/** Seconds between delta syncs here: long enough for the writer to act between two snapshots. */
// Wide enough that the test writes before the next sync starts even when it sees a sync end late (a loaded machine).
const INTERVAL_S = 8;

const site = precopySite();

const vmSpec = (name: string, over: Partial<SourceVmSpec> = {}): SourceVmSpec => precopyVmSpec(name, 12, over);
const getMigration = (migrationId: string): Promise<api.Migration> => site.env().call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });

describe('pre-copy migration', () => {
  it('syncs in full, ships exactly the chunks written between syncs, cuts over on request with a small final delta; target equals source, snapshots gone', async () => {
    const vm = await makeSourceVm(site.env(), vmSpec('precopy-writer'));
    const id = await startPrecopy(site.env(), vm, 'precopy-writer', INTERVAL_S);
    const full = await syncCompleted(site.env(), id, 1);
    expect(full).toMatchObject({ generation: 1, final: false, dirtyBytesPerMinute: 0 });
    expect(await changeTrackingEnabled(site.env().premVc, { type: 'VirtualMachine', value: vm.moref })).toBe(true);

    // Three delta syncs, each after the writer touched its own chunks while the VM ran.
    const rounds = [[1, 5], [2, 3, 9], [0, 7, 11, 4]];
    for (const [i, chunks] of rounds.entries()) {
      const wroteAt = Date.now();
      await writeChunks(vm, chunks);
      const delta = await syncCompleted(site.env(), id, i + 2);
      const [started] = (await recorded(site.env(), id, 'DeltaSyncStarted')).filter((s) => s.generation === i + 2);
      expect(started!.snapshotAtMillis).toBeGreaterThan(wroteAt); // the writes landed before this sync's snapshot
      expect({ generation: delta.generation, chunks: delta.chunks, bytes: delta.bytes, mode: delta.disks[0]!.mode }).toEqual({ generation: i + 2, chunks: chunks.length, bytes: chunks.length * MiB, mode: 'changed' });
      expect(delta.dirtyBytesPerMinute).toBeGreaterThan(0);
      // CBT reported each write as one 64 KiB block: each chunk travelled as that changed span, not whole (1 MiB).
      expect(Number(delta.disks[0]!.wireBytes)).toBeLessThan(chunks.length * (64 * 1024 + 512));
      expect(delta.durationMs).toBeGreaterThanOrEqual(0);
    }
    const watched = await getMigration(id);
    expect(watched.phase).toBe(mig.Phase.PHASE_PRECOPY_SYNCED);
    const p = watched.precopy!;
    expect({ generation: p.generation, lastDeltaChunks: Number(p.lastDeltaChunks), intervalSeconds: Number(p.intervalSeconds), syncing: p.syncing }).toEqual({ generation: 4, lastDeltaChunks: 4, intervalSeconds: INTERVAL_S, syncing: false });
    expect(Number(p.nextSyncAt?.unixMillis)).toBeGreaterThan(Date.now() - INTERVAL_S * 1000);
    expect(await powerState(site.env().premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOn');

    // The cutover: one more chunk written, then the final delta ships just that, the source re-hashed.
    await writeChunks(vm, [6]);
    // Through the CLI, as an operator would: `ferry cutover <migration>`.
    const cli = spawnSync(process.execPath, [CLI, 'cutover', id, '--reason', 'e2e window'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...site.env().api.cliEnv('operator') } });
    expect({ code: cli.status, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    expect(cli.stdout).toMatch(new RegExp(`^cutover requested: migration ${id} of vm-\\d+ \\(precopy-writer\\).*\\n  precopy: generation 4 synced \\(last delta 4 chunks, 4\\.0 MiB in [\\d.]+ s, dirty [\\d.]+ [KM]iB/min\\), cutover requested at `));
    await waitForEvent(site.env(), id, ['MigrationCompleted', 'MigrationFailed'], 120_000);
    const done = await getMigration(id);
    expect({ phase: mig.Phase[done.phase], reason: done.failureReason }).toEqual({ phase: 'PHASE_COMPLETED', reason: '' });
    const final = (await recorded(site.env(), id, 'DeltaSyncCompleted')).find((s) => s.final);
    expect(final).toMatchObject({ chunks: 1, bytes: MiB });
    expect(final!.disks[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [completed] = await recorded(site.env(), id, 'MigrationCompleted');
    const syncs = (await recorded(site.env(), id, 'DeltaSyncCompleted')).map((s) => ({ generation: s.generation, final: s.final, chunks: s.chunks, durationMs: s.durationMs }));
    process.stdout.write(`pre-copy e2e figures: ${JSON.stringify({ syncs, downtimeMs: completed!.downtimeMillis, durationMs: completed!.durationMillis })}\n`);

    // The replica equals the source as it was at the cutover (the source is off since).
    const target = (await cloudVms(site.env())).find((v) => v.annotation.endsWith(`ferry-migration-id=${id}`));
    const { identical, output } = await qemuCompare(vm.diskFiles[0]!, cloudFile(site.env(), target!.disks[0]!));
    expect({ identical, output }).toEqual({ identical: true, output: expect.any(String) });
    expect(await powerState(site.env().premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOff');
    expect(await snapshotsLeft(site.env(), vm)).toEqual([]);
    const steps = ['MigrationPlanned', 'MigrationValidated', 'ChangeTrackingEnabled', 'DeltaSyncCompleted', 'CutoverRequested', 'SourcePoweredOff', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted'];
    const types = (await eventTypes(site.env(), id)).filter((t) => steps.includes(t));
    expect(types).toEqual([...steps.slice(0, 3), ...Array(4).fill('DeltaSyncCompleted'), 'CutoverRequested', 'SourcePoweredOff', 'DeltaSyncCompleted', ...steps.slice(6)]);
    // The cutover is recorded once: asking again changes nothing.
    await site.env().call('Cutover', { migrationId: id });
    expect((await eventTypes(site.env(), id)).filter((t) => t === 'CutoverRequested')).toHaveLength(1);
  });

  it('refuses a precopy interval below the minimum, naming the field and the fix', async () => {
    const vm = await makeSourceVm(site.env(), vmSpec('precopy-bad-interval'));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the inventory sees the VM
    await expect(site.env().call('CreatePlan', planRequest(site.env(), vm, 'precopy-bad-interval', 0))).rejects.toThrow(
      /precopy_interval_seconds: 0 is below the minimum of 1 seconds between two delta syncs; give at least 1/,
    );
  });

  it('fails a VM whose CBT cannot be enabled at its first pre-copy step, naming the reason and the fix; nothing is left behind', async () => {
    const vm = await makeSourceVm(site.env(), vmSpec('precopy-old-hw', { version: 'vmx-04' }));
    const id = await startPrecopy(site.env(), vm, 'precopy-old-hw', 60);
    await waitForEvent(site.env(), id, ['MigrationFailed', 'DeltaSyncStarted'], 60_000);
    const m = await getMigration(id);
    expect(mig.Phase[m.phase]).toBe('PHASE_FAILED');
    expect(m.failureReason).toMatch(/changed block tracking could not be enabled on vm-\d+: .*vmx-04.*needs vmx-07 or later.*upgrade .*or migrate it with another mode \(cold or warm\)/);
    expect(m.retryable).toBe(false);
    expect(await snapshotsLeft(site.env(), vm)).toEqual([]);
  });
});
