import { IllegalStateError } from '@ferry/errors';
import { foldEvents } from '@ferry/event-store';
import { cmd, cmeta, disks, sourceVm, targetVm } from '../../test/fixtures/migration';
import { IQN, run, upToBoot, warm, wholeWarm } from '../../test/fixtures/warm-migration';
import { nextEffect } from '../orchestration/process-manager';
import { effectToRedrive } from '../orchestration/redrive';
import { migrationDecider } from './migration-decider';
import type { MigrationCommand } from './migration-commands';
import { Step, type MigrationEvent } from './migration-events';
import { PHASE_NUMBERS } from './migration-state';

const back = {
  request: (n: number, undoPrep = false): MigrationCommand => ({ type: 'MigrateBack', data: { meta: cmeta(n), reason: 'the application failed its test in the cloud', undoPrep } }),
  cloudOff: (n: number): MigrationCommand => ({ type: 'RecordCloudTargetPoweredOff', data: { meta: cmeta(n), method: 'guest' } }),
  progress: (n: number, diskKey: string, chunksShipped: number): MigrationCommand => ({ type: 'RecordShipBackProgress', data: { meta: cmeta(n), diskKey, chunksCompared: 64, chunksShipped, chunksTotal: 64 } }),
  shipped: (n: number, keys = disks.map((d) => d.key)): MigrationCommand => ({
    type: 'RecordShippedBack',
    data: { meta: cmeta(n), disks: keys.map((diskKey, i) => ({ diskKey, premPath: `/vmfs/volumes/prem-ds/web-1/disk${i}-flat.vmdk`, cloudSource: `nfc-vm:vm-77/${i}`, chunksTotal: 64, chunksShipped: 3 + i, wireBytes: (3 + i) << 20, sha256: 'cd'.repeat(32) })) },
  }),
  restored: (n: number): MigrationCommand => ({ type: 'RecordPremGuestRestored', data: { meta: cmeta(n), restoreId: 'restore-mig-1-a1', steps: ['network: unchanged - as captured'] } }),
  on: (n: number): MigrationCommand => ({ type: 'RecordMigratedBack', data: { meta: cmeta(n), steps: ['prem VM vm-42 powered on'] } }),
};

const wayBack = (): MigrationCommand[] => [...wholeWarm(), back.request(20), back.cloudOff(22), back.progress(23, '2000', 2), back.shipped(25), back.restored(27), back.on(31)];

/** The commands' events, and the effects the process manager asks for after each. */
function runWithEffects(commands: MigrationCommand[]): { events: MigrationEvent[]; effects: string[] } {
  const events: MigrationEvent[] = [];
  const effects: string[] = [];
  for (const command of commands) {
    for (const event of migrationDecider.decide(command, foldEvents(migrationDecider, events))) {
      events.push(event);
      const effect = nextEffect(foldEvents(migrationDecider, events), event);
      if (effect) effects.push(effect.kind);
    }
  }
  return { events, effects };
}

describe('migration aggregate: migrate back', () => {
  it('takes a completed warm migration back through its own itinerary and records what returned and the downtime', () => {
    const { events, effects } = runWithEffects(wayBack());
    expect(events.slice(-6).map((e) => e.type)).toEqual(['MigrateBackRequested', 'CloudTargetPoweredOff', 'ShipBackProgressed', 'ShippedBack', 'PremGuestRestored', 'MigratedBack']);
    expect(effects.slice(-4)).toEqual(['PowerOffCloudTarget', 'ShipBack', 'RestorePremGuest', 'PowerOnPremSource']);
    // 3 + 4 chunks over two disks; cloud VM off at command 22, prem VM on at 31, requested at 20.
    expect(events.at(-1)).toMatchObject({ type: 'MigratedBack', data: { chunksWrittenBack: 7, bytesWrittenBack: 7 << 20, downtimeMillis: 9000, durationMillis: 11_000, diskDigests: [`2000:${'cd'.repeat(32)}`, `2001:${'cd'.repeat(32)}`] } });
    const state = foldEvents(migrationDecider, events);
    expect(state.phase).toBe('migrated-back');
    expect(PHASE_NUMBERS[state.phase]).toBe(13);
  });

  it('plans the way back from the recorded facts: the cloud VM, each disk by its index and prem path', () => {
    const events = run([...wholeWarm(), back.request(20), back.cloudOff(22)]);
    const effect = nextEffect(foldEvents(migrationDecider, events), events.at(-1)!);
    expect(effect).toEqual({
      kind: 'ShipBack', migrationId: 'mig-1', from: { kind: 'storage', cloudVm: targetVm },
      disks: disks.map((d, index) => ({ diskKey: d.key, index, capacityBytes: d.capacityBytes, premDatastorePath: d.datastorePath, lun: index, maxBytesPerSecond: 64 * 1024 * 1024 })),
    });
    const shipped = run([...wholeWarm(), back.request(20, true), back.cloudOff(22), back.shipped(25)]);
    // The prem disks as ShipBack wrote them, the network files GuestPrepared captured, the operator's --undo-prep.
    expect(nextEffect(foldEvents(migrationDecider, shipped), shipped.at(-1)!)).toEqual({
      kind: 'RestorePremGuest', migrationId: 'mig-1', sourceVm, restoreId: 'restore-mig-1-a1',
      premDisks: ['/vmfs/volumes/prem-ds/web-1/disk0-flat.vmdk', '/vmfs/volumes/prem-ds/web-1/disk1-flat.vmdk'],
      networkFiles: { '/etc/network/interfaces': 'auto ens192\niface ens192 inet dhcp\n' }, undoPrep: true,
    });
    const on = run([...wholeWarm(), back.request(20), back.cloudOff(22), back.shipped(25), back.restored(27)]);
    // The cache was released at the end of the warm migration: nothing to release on the way back.
    expect(nextEffect(foldEvents(migrationDecider, on), on.at(-1)!)).toEqual({ kind: 'PowerOnPremSource', migrationId: 'mig-1', sourceVm });
  });

  it('from the cache (the VM still hydrating): ships what the cache says was written, then releases the cache before the prem VM starts', () => {
    const hydrating = [...upToBoot(), warm.booted(8), cmd.startCopy(9, '2000'), cmd.startCopy(10, '2001')];
    const { events, effects } = runWithEffects([...hydrating, back.request(11), back.cloudOff(12)]);
    expect(effects.slice(-2)).toEqual(['PowerOffCloudTarget', 'ShipBack']);
    const effect = nextEffect(foldEvents(migrationDecider, events), events.at(-1)!);
    expect(effect).toMatchObject({ kind: 'ShipBack', from: { kind: 'cache', iqn: IQN } });
    // Hydration's late progress is refused: the migration is on its way back.
    const back1 = foldEvents(migrationDecider, events);
    expect(() => migrationDecider.decide(cmd.progress(13, '2000', 4096), back1)).toThrow(/follows the migrate-back itinerary now, which has no such step/);
    const restored = run([...hydrating, back.request(11), back.cloudOff(12), back.shipped(14), back.restored(15)]);
    expect(nextEffect(foldEvents(migrationDecider, restored), restored.at(-1)!)).toEqual({
      kind: 'PowerOnPremSource', migrationId: 'mig-1', sourceVm, releaseCache: { iqn: IQN, diskKeys: disks.map((d) => d.key) },
    });
  });

  it('refuses a cold migration, naming why and what to do instead', () => {
    const cold = [cmd.plan(1), cmd.validate(2), cmd.poweredOff(3), cmd.startCopy(4, '2000'), cmd.startCopy(5, '2001'), cmd.completeCopy(6, '2000'), cmd.completeCopy(7, '2001'), cmd.targetCreated(8), cmd.fixup(9), cmd.poweredOn(10), cmd.complete(11)];
    const state = foldEvents(migrationDecider, run(cold));
    expect(() => migrationDecider.decide(back.request(12), state)).toThrow(IllegalStateError);
    expect(() => migrationDecider.decide(back.request(12), state)).toThrow(/is cold: its source VM on prem was never changed.*power the prem VM on/);
  });

  it('refuses a warm migration not yet booted in the cloud (cancel it instead) and one moving to storage (wait)', () => {
    const notBooted = foldEvents(migrationDecider, run(upToBoot()));
    expect(() => migrationDecider.decide(back.request(9), notBooted)).toThrow(/has not booted in the cloud yet.*CancelMigration/);
    const hydrated = [...upToBoot(), warm.booted(8), cmd.startCopy(9, '2000'), cmd.startCopy(10, '2001'), cmd.completeCopy(11, '2000'), cmd.completeCopy(12, '2001'), warm.hydrated(13)];
    const moving = foldEvents(migrationDecider, run(hydrated));
    expect(() => migrationDecider.decide(back.request(14), moving)).toThrow(/is moving to cloud storage \(step move-to-storage\); wait until it completes/);
    // A move that failed leaves the VM over the cache: it may go back from there.
    const failedMove = foldEvents(migrationDecider, run([...hydrated, cmd.fail(14, Step.MoveToStorage, 'datastore full')]));
    expect(migrationDecider.decide(back.request(15), failedMove).map((e) => e.type)).toEqual(['MigrateBackRequested']);
  });

  it('refuses a second migrate back, during the way back and once migrated back', () => {
    const going = foldEvents(migrationDecider, run([...wholeWarm(), back.request(20)]));
    expect(() => migrationDecider.decide(back.request(21), going)).toThrow(/already migrating back \(step power-off-cloud-target\)/);
    const done = foldEvents(migrationDecider, run(wayBack()));
    expect(() => migrationDecider.decide(back.request(40), done)).toThrow(/already migrated back.*Plan a new warm migration/);
    expect(() => migrationDecider.decide(cmd.cancel(40), done)).toThrow(/migrated back/);
  });

  it('fails at a step of the way back and a retry resumes there; a cancel is refused, naming why', () => {
    const failed = run([...wholeWarm(), back.request(20), back.cloudOff(22), cmd.fail(23, Step.ShipBack, 'prem-esxi-manager unreachable')]);
    const state = foldEvents(migrationDecider, failed);
    expect(state).toMatchObject({ phase: 'failed', failedStep: Step.ShipBack, resumePhase: 'cloud-target-powered-off' });
    expect(() => migrationDecider.decide(back.request(24), state)).toThrow(/migrate back failed at step ship-back.*retry it/);
    expect(() => migrationDecider.decide(cmd.cancel(24), state)).toThrow(/a migrate back is under way/);
    const retried = run([...wholeWarm(), back.request(20), back.cloudOff(22), cmd.fail(23, Step.ShipBack), cmd.retry(24)]);
    const { effects } = runWithEffects([...wholeWarm(), back.request(20), back.cloudOff(22), cmd.fail(23, Step.ShipBack), cmd.retry(24)]);
    expect(foldEvents(migrationDecider, retried).phase).toBe('cloud-target-powered-off');
    expect(effects.at(-1)).toBe('ShipBack');
  });

  it('keeps progress only growing and refuses a shipment that misses a disk', () => {
    const events = run([...wholeWarm(), back.request(20), back.cloudOff(22), back.progress(23, '2000', 5)]);
    const state = foldEvents(migrationDecider, events);
    expect(migrationDecider.decide(back.progress(24, '2000', 4), state)).toEqual([]);
    expect(() => migrationDecider.decide(back.shipped(25, ['2000']), state)).toThrow(/disk 2001 was not shipped back/);
  });
});

describe('migration aggregate: purge of the cloud VM after a migrate back', () => {
  const purge = (n: number): MigrationCommand => ({ type: 'PurgeCloud', data: { meta: cmeta(n), reason: 'the prem VM is back for good' } });
  const purged = (n: number): MigrationCommand => ({ type: 'RecordCloudPurged', data: { meta: cmeta(n), steps: ['target vm-77 removed'] } });

  it('asks for the cloud VM and its storage disks to be removed, re-drives until done, then refuses a second purge', () => {
    const { events, effects } = runWithEffects([...wayBack(), purge(40)]);
    expect(events.at(-1)?.type).toBe('CloudPurgeRequested');
    expect(effects.at(-1)).toBe('PurgeCloud');
    const requested = foldEvents(migrationDecider, events);
    expect(effectToRedrive(requested)).toEqual({ kind: 'PurgeCloud', migrationId: 'mig-1', storageDisks: disks.map((d) => `[cloud-ds] web-1-ferry-lun/${d.key}.vmdk`) });
    // A second request while one runs changes nothing.
    expect(migrationDecider.decide(purge(41), requested)).toEqual([]);
    const done = foldEvents(migrationDecider, run([...wayBack(), purge(40), purged(42)]));
    expect(done).toMatchObject({ phase: 'migrated-back', purge: { reason: 'the prem VM is back for good', done: { steps: ['target vm-77 removed'] } } });
    expect(effectToRedrive(done)).toBeUndefined();
    expect(() => migrationDecider.decide(purge(43), done)).toThrow(/already purged \(target vm-77 removed\)/);
  });

  it('refuses a migration that was not migrated back: a completed one\'s cloud VM is the migrated VM', () => {
    expect(() => migrationDecider.decide(purge(30), foldEvents(migrationDecider, run(wholeWarm())))).toThrow(/it completed: its cloud VM is the migrated VM, in use/);
    const going = foldEvents(migrationDecider, run([...wholeWarm(), back.request(20)]));
    expect(() => migrationDecider.decide(purge(21), going)).toThrow(/its migrate back is not over \(migrating-back\)/);
  });
});
