import { IllegalStateError } from '@ferry/errors';
import { DeciderSpecification, foldEvents } from '@ferry/event-store';
import { cmd, cmeta, emeta, evt, hardware, sourceVm, targetVm } from '../../test/fixtures/migration';
import { IQN, luns, run, upToBoot, warm, wholeWarm } from '../../test/fixtures/warm-migration';
import { effectForState, nextEffect } from '../orchestration/process-manager';
import { migrationDecider } from './migration-decider';
import { Step, type MigrationEvent } from './migration-events';
import { isActive } from './migration-state';

const spec = DeciderSpecification.for(migrationDecider);

describe('migration aggregate: a warm migration', () => {
  it('passes through its phases in order and records the downtime up to the boot over the cache', () => {
    const events = run(wholeWarm());
    expect(events.map((e) => e.type)).toEqual([
      'MigrationPlanned', 'MigrationValidated', 'GuestPrepared', 'SourcePoweredOff', 'CacheVolumeCreated', 'TargetCreated', 'TargetPoweredOn', 'BootedOverCache',
      'DiskCopyStarted', 'DiskCopyStarted', 'DiskCopyCompleted', 'DiskCopyCompleted', 'HydrationCompleted', 'MovedToStorage', 'CacheReleased', 'MigrationCompleted',
    ]);
    // Source off at command 4, booted over the cache at command 8: 4 s the user saw.
    expect(events.at(-1)).toEqual({ type: 'MigrationCompleted', data: { meta: emeta(16), durationMillis: 15_000, downtimeMillis: 4000 } });
  });

  it('asks for each warm step from the state it reaches', () => {
    const kinds: string[] = [];
    const events: MigrationEvent[] = [];
    for (const command of wholeWarm()) {
      for (const event of migrationDecider.decide(command, foldEvents(migrationDecider, events))) {
        events.push(event);
        const effect = nextEffect(foldEvents(migrationDecider, events), event);
        if (effect) kinds.push(effect.kind);
      }
    }
    expect(kinds).toEqual(['ValidateSource', 'PrepareGuest', 'PowerOffSource', 'CreateCacheVolume', 'CreateTargetOverCache', 'PowerOnTarget', 'AwaitBootOverCache', 'Hydrate', 'MoveToStorage', 'ReleaseCache', 'CompleteMigration']);
  });

  it('records each LUN moved while the move goes on, and a retried move plans with what was moved', () => {
    const upToMove = wholeWarm().slice(0, 13);
    const lun0 = {
      disk: { diskKey: '2000', datastorePath: '[cloud-ds] web-1-ferry-lun0/web-1-ferry-lun0.vmdk', bytes: 1024, chunksWrittenInCloud: 3, writtenInCloud: [{ first: 0, last: 2 }], bytesFetchedOnDemand: 0 },
      lun: 0, shellVm: 'vm-81', capacityBytes: 1024,
    };
    const events = run([...upToMove, { type: 'RecordDiskMoved', data: { meta: cmeta(30), ...lun0 } }]);
    expect(events.at(-1)).toEqual({ type: 'DiskMovedToStorage', data: { meta: emeta(30), ...lun0 } });
    const state = foldEvents(migrationDecider, events);
    if (!isActive(state)) throw new Error('not active');
    // The phase stays (hydrated): the move is still the next step, and it carries the LUN moved.
    expect(state.phase).toBe('hydrated');
    const effect = effectForState(state);
    expect(effect?.kind).toBe('MoveToStorage');
    expect(effect?.kind === 'MoveToStorage' ? effect.disks.map((d) => d.moved?.shellVm) : []).toEqual(['vm-81', undefined]);
  });

  it('plans the cache volume and the iSCSI boot from the recorded facts', () => {
    const state = foldEvents(migrationDecider, run(upToBoot().slice(0, 5)));
    if (!isActive(state)) throw new Error('not active');
    expect(effectForState(state)).toEqual({
      kind: 'CreateTargetOverCache', migrationId: 'mig-1', name: sourceVm.name, hardware, placement: expect.anything() as unknown, datastore: 'cloud-ds',
      nics: [{ macAddress: '00:50:56:aa:bb:01', adapter: 'vmxnet3', network: 'cloud-net' }], boot: { portal: '127.0.0.1:3260', iqn: IQN, lun: 0, chapUser: 'ferry-mig-1' }, luns,
    });
  });

  it('refuses "Not qualified" findings unless the plan accepted them, then keeps them as warnings', () => {
    const finding = 'guest-os-not-qualified: Red Hat 7.2 with bios boot is supported but not yet qualified for warm-vcs migration. Fix: test a clone first';
    const refused = run([warm.plan(), warm.validate(2, [finding])]).at(-1);
    expect(refused?.type).toBe('MigrationFailed');
    expect(refused?.type === 'MigrationFailed' && refused.data.reason).toContain('accept_unqualified');
    const accepted = run([warm.plan(1, true), warm.validate(2, [finding])]).at(-1);
    expect(accepted?.type === 'MigrationValidated' && accepted.data.warnings).toEqual([finding]);
  });

  it('a cancel before the boot over the cache powers the source on and removes the target and the cache volume', () => {
    spec
      .given(run(upToBoot().slice(0, 6)))
      .when(cmd.cancel(9))
      .then([{ type: 'MigrationCancelled', data: { meta: emeta(9), reason: 'operator changed their mind', powerOnSource: true, removeTarget: true, removeCacheVolume: true, targetVm, step: Step.PowerOnTarget } }]);
  });

  it('a cancel once the VM runs over the cache is refused, naming migrate back', () => {
    spec.given(run([...upToBoot(), warm.booted(8)])).when(cmd.cancel(9)).thenThrows(IllegalStateError, 'MigrateBack');
  });

  it('refuses a cold-only step command, and a boot on another volume', () => {
    spec.given(run(upToBoot().slice(0, 6))).when(cmd.fixup(9)).thenThrows(IllegalStateError, 'warm, whose itinerary has no such step');
    spec.given(run(upToBoot())).when(warm.booted(9, 'iqn.2026-12.io.ferry:other')).thenThrows(IllegalStateError, 'cache volume is iqn.2026-12.io.ferry:mig-1');
  });

  it('records hydration only once every disk is in the volume', () => {
    const partway = run([...upToBoot(), warm.booted(8), cmd.startCopy(9, '2000'), cmd.completeCopy(10, '2000')]);
    spec.given(partway).when(warm.hydrated(11)).thenThrows(IllegalStateError, 'wait for that step to finish');
    expect(evt.planned().type).toBe('MigrationPlanned');
  });
});
