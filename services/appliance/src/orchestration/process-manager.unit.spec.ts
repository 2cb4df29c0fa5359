import { foldEvents } from '@ferry/event-store';
import { emeta, evt, hardware, historyToDisksCopied, sourceVm, targetVm } from '../../test/fixtures/migration';
import { MigrationMode, migrationDecider, Step, type ActiveState, type MigrationEvent } from '../migration';
import type { Effect } from './effects';
import { effectForState, nextEffect } from './process-manager';

/** The effect after the last event of a history. */
function after(history: MigrationEvent[]) {
  const state = foldEvents(migrationDecider, history);
  const last = history.at(-1);
  if (!last) throw new Error('empty history');
  return nextEffect(state, last, { guestShutdownTimeoutMs: 60_000 });
}

const cancelled = (n: number, powerOnSource: boolean, removeTarget: boolean, vm = targetVm): MigrationEvent => ({
  type: 'MigrationCancelled',
  data: { meta: emeta(n), reason: 'x', powerOnSource, removeTarget, removeCacheVolume: false, targetVm: vm, step: Step.Fixup },
});

describe('process manager: cold migration event → next effect', () => {
  it('validates after planning, then powers the source off with the guest-shutdown timeout', () => {
    expect(after([evt.planned()])).toEqual({ kind: 'ValidateSource', migrationId: 'mig-1', sourceVm, mode: MigrationMode.Cold, targetDatastores: ['cloud-ds'] });
    expect(after([evt.planned(), evt.validated()])).toEqual({ kind: 'PowerOffSource', migrationId: 'mig-1', sourceVm, guestShutdownTimeoutMs: 60_000 });
  });

  it('copies every disk once the source is off, and nothing while copies report progress', () => {
    const off = [evt.planned(), evt.validated(), evt.poweredOff()];
    expect(after(off)).toMatchObject({ kind: 'CopyDisks', disks: [{ diskKey: '2000', resumeOffset: 0, maxBytesPerSecond: 64 * 2 ** 20 }, { diskKey: '2001', resumeOffset: 0, maxBytesPerSecond: 64 * 2 ** 20 }] }); // the plan's cap on each disk
    expect(after([...off, evt.copyStarted(4, '2000')])).toBeUndefined();
    expect(after([...off, evt.copyStarted(4, '2000'), evt.checkpointed(5, '2000', 100)])).toBeUndefined();
    expect(after(historyToDisksCopied.slice(0, 7))).toBeUndefined(); // one of two disks done
  });

  it('runs nothing new while a copy waits (no room on its datastore); a run resumed in that attempt keeps the wait\'s clock, a retry starts it afresh', () => {
    const off = [evt.planned(), evt.validated(), evt.poweredOff()];
    const waiting: MigrationEvent = { type: 'DiskCopyWaiting', data: { meta: emeta(5), diskKey: '2000', reason: 'no space on cloud datastore cloud-ds' } };
    const history = [...off, evt.copyStarted(4, '2000'), waiting];
    expect(after(history)).toBeUndefined();
    const sinceOf = (effect: Effect | undefined): Array<number | undefined> => (effect?.kind === 'CopyDisks' ? effect.disks.map((d) => d.waitingSince) : []);
    expect(sinceOf(effectForState(foldEvents(migrationDecider, history) as ActiveState))).toEqual([emeta(5).at, undefined]);
    const retried = [...history, evt.failed(6, Step.CopyDisks, 3, 'no space on cloud datastore cloud-ds'), evt.retried(7, Step.CopyDisks)];
    expect(sinceOf(after(retried))).toEqual([undefined, undefined]);
  });

  it('creates the target with the source hardware, NICs with the source MACs on mapped networks, disks on the mapped datastore', () => {
    expect(after(historyToDisksCopied)).toEqual({
      kind: 'CreateTargetVm',
      migrationId: 'mig-1',
      name: 'web-1',
      hardware,
      nics: [{ macAddress: '00:50:56:aa:bb:01', adapter: 'vmxnet3', network: 'cloud-net' }],
      disks: [
        { diskKey: '2000', capacityBytes: 8 * 2 ** 30, datastore: 'cloud-ds' },
        { diskKey: '2001', capacityBytes: 2 * 2 ** 30, datastore: 'cloud-ds' },
      ],
      placement: { folder: '/dc/vm', resourcePool: '/dc/host/cluster/Resources', datacenter: 'dc' },
    });
  });

  it('then fixup, power on, complete, and nothing after completion', () => {
    const created = [...historyToDisksCopied, evt.targetCreated(9)];
    expect(after(created)).toMatchObject({ kind: 'RunFixup', migrationId: 'mig-1', targetVm });
    expect(after([...created, evt.fixedUp(10)])).toEqual({ kind: 'PowerOnTarget', migrationId: 'mig-1', targetVm });
    expect(after([...created, evt.fixedUp(10), evt.poweredOn(11)])).toEqual({ kind: 'CompleteMigration', migrationId: 'mig-1' });
    const done: MigrationEvent = { type: 'MigrationCompleted', data: { meta: emeta(12), durationMillis: 1, downtimeMillis: 1 } };
    expect(after([...created, evt.fixedUp(10), evt.poweredOn(11), done])).toBeUndefined();
  });

  it('fixes up the replica from its disks on the mapped datastore, in disk order, with the source MACs on the mapped networks', () => {
    expect(after([...historyToDisksCopied, evt.targetCreated(9)])).toEqual({
      kind: 'RunFixup',
      migrationId: 'mig-1',
      targetVm,
      fixupId: 'mig-1-fixup-1',
      disks: [{ diskKey: '2000', datastore: 'cloud-ds' }, { diskKey: '2001', datastore: 'cloud-ds' }],
      nics: [{ macAddress: '00:50:56:aa:bb:01', adapter: 'vmxnet3', network: 'cloud-net' }],
    });
  });

  it('a retried fixup is a new fixup run (its id names the attempt); the same attempt after a restart keeps its id', () => {
    const created = [...historyToDisksCopied, evt.targetCreated(9)];
    const failed = [...created, evt.failed(10, Step.Fixup, 7)];
    expect(after(failed)).toBeUndefined();
    expect(after([...failed, evt.retried(11, Step.Fixup)])).toMatchObject({ kind: 'RunFixup', fixupId: 'mig-1-fixup-2' });
    expect(effectForState(foldEvents(migrationDecider, created) as ActiveState)).toMatchObject({ kind: 'RunFixup', fixupId: 'mig-1-fixup-1' });
  });

  it('does nothing after a failure, and a retry re-runs the failed step (a copy resumes from its checkpoint)', () => {
    const history = [...historyToDisksCopied.slice(0, 7), evt.checkpointed(8, '2001', 2 ** 30), evt.failed(9, Step.CopyDisks, 3)];
    expect(after(history)).toBeUndefined();
    expect(after([...history, evt.retried(10, Step.CopyDisks)])).toMatchObject({ kind: 'CopyDisks', disks: [{ diskKey: '2001', resumeOffset: 2 ** 30 }] });
    const failedCreate = [...historyToDisksCopied, evt.failed(9, Step.CreateTarget, 15), evt.retried(10, Step.CreateTarget)];
    expect(after(failedCreate)).toMatchObject({ kind: 'CreateTargetVm' });
  });

  it('compensates a cancel: power the source back on, remove the target; nothing once compensated', () => {
    const history = [...historyToDisksCopied, evt.targetCreated(9), cancelled(10, true, true)];
    expect(after(history)).toEqual({ kind: 'Compensate', migrationId: 'mig-1', powerOnSource: sourceVm, removeTarget: true, targetVm });
    const noPower = [...historyToDisksCopied, cancelled(9, false, true, { vcenter: '', moref: '', name: '' })];
    expect(after(noPower)).toEqual({ kind: 'Compensate', migrationId: 'mig-1', removeTarget: true });
    expect(after([...history, { type: 'CompensationCompleted', data: { meta: emeta(11), steps: [] } }])).toBeUndefined();
  });
});
