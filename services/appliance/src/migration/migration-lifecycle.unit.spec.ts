import { IllegalStateError, ValidationError } from '@ferry/errors';
import { DeciderSpecification, foldEvents } from '@ferry/event-store';
import { cmd, cmeta, emeta, evt, historyToDisksCopied, targetVm } from '../../test/fixtures/migration';
import { migrationDecider } from './migration-decider';
import type { MigrationCommand } from './migration-commands';
import { NO_VM, Step, type MigrationEvent } from './migration-events';

const spec = DeciderSpecification.for(migrationDecider);
const validated = [evt.planned(), evt.validated()];

function cancelled(n: number, powerOnSource: boolean, removeTarget: boolean, step: Step, vm = NO_VM): MigrationEvent {
  return { type: 'MigrationCancelled', data: { meta: emeta(n), reason: 'operator changed their mind', powerOnSource, removeTarget, removeCacheVolume: false, targetVm: vm, step } };
}

describe('migration aggregate: failure, retry and cancel', () => {
  describe('Fail', () => {
    it('stores the reason and the step, from each step', () => {
      spec.given(validated).when(cmd.fail(3, Step.PowerOffSource)).then([evt.failed(3, Step.PowerOffSource, 14)]);
      spec.given(historyToDisksCopied.slice(0, 5)).when(cmd.fail(6, Step.CopyDisks)).then([evt.failed(6, Step.CopyDisks, 3)]);
      spec.given(historyToDisksCopied).when(cmd.fail(9, Step.CreateTarget)).then([evt.failed(9, Step.CreateTarget, 15)]);
      spec.given([...historyToDisksCopied, evt.targetCreated(9)]).when(cmd.fail(10, Step.Fixup)).then([evt.failed(10, Step.Fixup, 7)]);
      spec.given([...historyToDisksCopied, evt.targetCreated(9), evt.fixedUp(10)]).when(cmd.fail(11, Step.PowerOnTarget)).then([evt.failed(11, Step.PowerOnTarget, 8)]);
    });
    it('refuses a stale failure report from a step the migration has left', () => {
      spec.given(historyToDisksCopied).when(cmd.fail(9, Step.PowerOffSource)).thenThrows(IllegalStateError, 'is at step create-target, not power-off-source');
    });
    it('requires a reason', () => {
      spec.given(validated).when(cmd.fail(3, Step.PowerOffSource, ' ')).thenThrows(ValidationError, 'reason:');
    });
    it('is idempotent for the same step', () => {
      spec.given([...validated, evt.failed(3, Step.PowerOffSource, 14)]).when(cmd.fail(4, Step.PowerOffSource)).then([]);
    });
    it('blocks further step commands until retried', () => {
      spec.given([...validated, evt.failed(3, Step.PowerOffSource, 14)]).when(cmd.poweredOff(4)).thenThrows(IllegalStateError, 'retry it first');
    });
  });

  describe('Retry', () => {
    it('resumes a failed power-off at the power-off step', () => {
      const history = [...validated, evt.failed(3, Step.PowerOffSource, 14)];
      spec.given(history).when(cmd.retry(4)).then([evt.retried(4, Step.PowerOffSource)]);
      const state = foldEvents(migrationDecider, [...history, evt.retried(4, Step.PowerOffSource)]);
      expect(state.phase).toBe('validated');
      spec.given([...history, evt.retried(4, Step.PowerOffSource)]).when(cmd.poweredOff(5)).then([evt.poweredOff(5)]);
    });
    it('resumes a failed copy from its last checkpoint, keeping completed disks', () => {
      const history = [
        ...historyToDisksCopied.slice(0, 7), // 2000 completed, 2001 started
        evt.checkpointed(8, '2001', 1 * 2 ** 30),
        evt.failed(9, Step.CopyDisks, 3, 'interconnect down'),
        evt.retried(10, Step.CopyDisks),
      ];
      expect(foldEvents(migrationDecider, history).phase).toBe('copying-disks');
      spec.given(history).when(cmd.startCopy(11, '2001')).then([evt.copyStarted(11, '2001', 2 ** 30)]);
      spec.given(history).when(cmd.startCopy(11, '2000')).then([]);
    });
    it('resumes a failed target creation at create-target', () => {
      const history = [...historyToDisksCopied, evt.failed(9, Step.CreateTarget, 15), evt.retried(10, Step.CreateTarget)];
      expect(foldEvents(migrationDecider, history).phase).toBe('disks-copied');
      spec.given(history).when(cmd.targetCreated(11)).then([evt.targetCreated(11)]);
    });
    it('counts attempts', () => {
      const history = [...validated, evt.failed(3, Step.PowerOffSource, 14), evt.retried(4, Step.PowerOffSource), evt.failed(5, Step.PowerOffSource, 14)];
      spec.given(history).when(cmd.retry(6)).then([evt.retried(6, Step.PowerOffSource, 3)]);
    });
    it('refuses to retry a migration that has not failed', () => {
      spec.given(validated).when(cmd.retry(3)).thenThrows(IllegalStateError, 'not failed');
    });
    it('refuses to retry a non-retryable failure and says to cancel', () => {
      spec.given([...validated, evt.failed(3, Step.PowerOffSource, 14, 'source VM was deleted', false)]).when(cmd.retry(4)).thenThrows(IllegalStateError, 'cancel it and plan a new migration');
    });
  });

  describe('Cancel', () => {
    it('before the power-off step: nothing to compensate beyond a harmless power-on check', () => {
      spec.given([evt.planned()]).when(cmd.cancel(2)).then([cancelled(2, false, false, Step.Validate)]);
      const state = foldEvents(migrationDecider, [evt.planned(), cancelled(2, false, false, Step.Validate)]);
      expect(state.phase === 'cancelled' && state.compensated).toBe(true);
    });
    it('during the copy: powers the source back on (we powered it off) and removes cloud objects', () => {
      spec.given(historyToDisksCopied.slice(0, 5)).when(cmd.cancel(6)).then([cancelled(6, true, true, Step.CopyDisks)]);
    });
    it('does not power on a source that was already off when we got to it', () => {
      const history = [evt.planned(), evt.validated(), evt.poweredOff(3, 'already', false)];
      spec.given(history).when(cmd.cancel(4)).then([cancelled(4, false, true, Step.CopyDisks)]);
    });
    it('after the target exists: names the target VM to remove', () => {
      spec.given([...historyToDisksCopied, evt.targetCreated(9)]).when(cmd.cancel(10)).then([cancelled(10, true, true, Step.Fixup, targetVm)]);
    });
    it('of a migration that failed powering off: powers the source back on', () => {
      spec.given([...validated, evt.failed(3, Step.PowerOffSource, 14)]).when(cmd.cancel(4)).then([cancelled(4, true, false, Step.PowerOffSource)]);
    });
    it('is idempotent, and refused for a completed migration', () => {
      spec.given([evt.planned(), cancelled(2, false, false, Step.Validate)]).when(cmd.cancel(3)).then([]);
      const done: MigrationEvent[] = [...historyToDisksCopied, evt.targetCreated(9), evt.fixedUp(10), evt.poweredOn(11), { type: 'MigrationCompleted', data: { meta: emeta(12), durationMillis: 1, downtimeMillis: 1 } }];
      spec.given(done).when(cmd.cancel(13)).thenThrows(IllegalStateError, 'migrate the VM back instead');
    });
    it('blocks step commands after cancel', () => {
      spec.given([...historyToDisksCopied.slice(0, 5), cancelled(6, true, true, Step.CopyDisks)]).when(cmd.completeCopy(7, '2000')).thenThrows(IllegalStateError, 'is cancelled');
    });
    it('records the compensation once', () => {
      const history = [...historyToDisksCopied.slice(0, 5), cancelled(6, true, true, Step.CopyDisks)];
      spec.given(history).when(cmd.compensated(7)).then([{ type: 'CompensationCompleted', data: { meta: emeta(7), steps: ['source powered on'] } }]);
      spec.given([...history, { type: 'CompensationCompleted', data: { meta: emeta(7), steps: [] } }]).when(cmd.compensated(8)).then([]);
      spec.given(validated).when(cmd.compensated(3)).thenThrows(IllegalStateError, 'not cancelled');
    });
  });

  describe('SetDiskRate', () => {
    const setRate = (n: number, maxDiskBytesPerSecond: number): MigrationCommand => ({ type: 'SetDiskRate', data: { meta: cmeta(n), maxDiskBytesPerSecond } });
    const rateSet = (n: number, maxDiskBytesPerSecond: number): MigrationEvent => ({ type: 'DiskRateSet', data: { meta: emeta(n), maxDiskBytesPerSecond } });
    const copying = historyToDisksCopied.slice(0, 5);

    it('records the new cap mid-copy and keeps the phase; 0 lifts the cap', () => {
      spec.given(copying).when(setRate(6, 8 * 2 ** 20)).then([rateSet(6, 8 * 2 ** 20)]);
      const state = foldEvents(migrationDecider, [...copying, rateSet(6, 0)]);
      expect(state.phase).toBe('copying-disks');
      expect(state.phase !== 'initial' && state.facts.maxDiskBytesPerSecond).toBe(0);
    });
    it('records it for a failed migration, whose retry then copies under it', () => {
      const failed = [...copying, evt.failed(6, Step.CopyDisks, 3)];
      spec.given(failed).when(setRate(7, 2 ** 20)).then([rateSet(7, 2 ** 20)]);
      const state = foldEvents(migrationDecider, [...failed, rateSet(7, 2 ** 20), evt.retried(8, Step.CopyDisks)]);
      expect(state.phase !== 'initial' && state.facts.maxDiskBytesPerSecond).toBe(2 ** 20);
    });
    it('records nothing when the cap is unchanged', () => {
      spec.given(validated).when(setRate(3, 64 * 1024 * 1024)).then([]);
    });
    it('refuses a cap below 1 MiB/s, and a migration never planned, completed or cancelled', () => {
      spec.given(validated).when(setRate(3, 4096)).thenThrows(ValidationError, 'max_disk_bytes_per_second: must be at least 1048576');
      spec.given([]).when(setRate(1, 2 ** 20)).thenThrows(IllegalStateError, 'never planned');
      spec.given([...validated, cancelled(3, true, false, Step.PowerOffSource)]).when(setRate(4, 2 ** 20)).thenThrows(IllegalStateError, 'is cancelled and copies nothing more');
    });
  });
});
