import { IllegalStateError, ValidationError } from '@ferry/errors';
import { DeciderSpecification, foldEvents } from '@ferry/event-store';
import { COPY_COUNTS, cmd, cmeta, emeta, evt, hardware, historyToDisksCopied, SHA } from '../../test/fixtures/migration';
import type { MigrationCommand } from './migration-commands';
import { migrationDecider } from './migration-decider';
import { Step, type MigrationEvent } from './migration-events';

const spec = DeciderSpecification.for(migrationDecider);

describe('migration aggregate: the steps of a cold migration', () => {
  describe('PlanMigration', () => {
    it('plans a cold migration', () => {
      spec.given([]).when(cmd.plan()).then([evt.planned()]);
    });
    it('is idempotent for the same VM and plan (re-delivery)', () => {
      spec.given([evt.planned()]).when(cmd.plan(5)).then([]);
    });
    it('refuses planning another VM under the same migration id', () => {
      spec.given([evt.planned()]).when(cmd.plan(5, { sourceVm: { vcenter: 'prem', moref: 'vm-43', name: 'x' } })).thenThrows(IllegalStateError, 'new migration id');
    });
    it('refuses a mode without an itinerary, naming the field', () => {
      spec.given([]).when(cmd.plan(1, { mode: 4 as never })).thenThrows(ValidationError, 'mode:');
    });
    it('refuses a disk whose datastore has no storage mapping, naming it', () => {
      spec.given([]).when(cmd.plan(1, { storageMap: [] })).thenThrows(ValidationError, 'storage_map: no target datastore for source datastore "prem-ds"');
    });
    it('refuses a VM without disks', () => {
      spec.given([]).when(cmd.plan(1, { disks: [] })).thenThrows(ValidationError, 'disks:');
    });
  });

  describe('RecordValidation', () => {
    it('records the hardware when nothing blocks', () => {
      spec.given([evt.planned()]).when(cmd.validate()).then([evt.validated()]);
    });
    it('fails the validate step, retryable, listing every blocker', () => {
      spec
        .given([evt.planned()])
        .when(cmd.validate(2, ['disk 2001 is an RDM in physical mode']))
        .then([evt.failed(2, Step.Validate, 1, 'readiness blocked: disk 2001 is an RDM in physical mode. Fix these and retry the migration')]);
    });
    it('fails when a NIC sits on a network the plan does not map', () => {
      const hw = { ...hardware, nics: [...hardware.nics, { macAddress: '00:50:56:aa:bb:02', network: 'backup', adapter: 'e1000e' }] };
      const events = migrationDecider.decide(cmd.validate(2, [], hw), foldEvents(migrationDecider, [evt.planned()]));
      expect(events).toHaveLength(1);
      expect(events[0]?.type).toBe('MigrationFailed');
      expect(JSON.stringify(events[0])).toContain('NIC 00:50:56:aa:bb:02 is on network \\"backup\\"');
    });
    it('decides nothing when re-delivered after the migration moved on', () => {
      spec.given([evt.planned(), evt.validated(), evt.poweredOff()]).when(cmd.validate(9)).then([]);
    });
    it('refuses before planning', () => {
      spec.given([]).when(cmd.validate()).thenThrows(IllegalStateError, 'send PlanMigration first');
    });
  });

  describe('RecordSourcePoweredOff', () => {
    it('records how the source went off', () => {
      spec.given([evt.planned(), evt.validated()]).when(cmd.poweredOff(3, 'hard')).then([evt.poweredOff(3, 'hard')]);
    });
    it('refuses before validation, saying which step the migration is at', () => {
      spec.given([evt.planned()]).when(cmd.poweredOff()).thenThrows(IllegalStateError, 'at step validate');
    });
    it('is idempotent', () => {
      spec.given([evt.planned(), evt.validated(), evt.poweredOff()]).when(cmd.poweredOff(4)).then([]);
    });
  });

  describe('disk copy', () => {
    const off = [evt.planned(), evt.validated(), evt.poweredOff()];
    it('starts a disk copy at offset 0', () => {
      spec.given(off).when(cmd.startCopy(4, '2000')).then([evt.copyStarted(4, '2000')]);
    });
    it('does not start the same copy twice in one attempt', () => {
      spec.given([...off, evt.copyStarted(4, '2000')]).when(cmd.startCopy(5, '2000')).then([]);
    });
    it('names an unknown disk and the disks it knows', () => {
      spec.given(off).when(cmd.startCopy(4, '9999')).thenThrows(ValidationError, 'disk_key: "9999" is not a disk of vm-42; use one of 2000, 2001');
    });
    it('checkpoints forward and ignores a stale checkpoint', () => {
      const started = [...off, evt.copyStarted(4, '2000'), evt.checkpointed(5, '2000', 1000)];
      spec.given(started).when(cmd.progress(6, '2000', 5000)).then([evt.checkpointed(6, '2000', 5000)]);
      spec.given(started).when(cmd.progress(6, '2000', 500)).then([]);
    });
    it('checkpoints more bytes verified at the same offset (chunks verified past a gap), not the same count again', () => {
      const started = [...off, evt.copyStarted(4, '2000'), evt.checkpointed(5, '2000', 1000)];
      const progress = (n: number, bytesCopied: number): MigrationCommand => ({ type: 'RecordDiskCopyProgress', data: { meta: cmeta(n), diskKey: '2000', offset: 1000, bytesCopied } });
      spec.given(started).when(progress(6, 3000)).then([{ type: 'DiskCopyCheckpointed', data: { meta: emeta(6), diskKey: '2000', offset: 1000, bytesCopied: 3000 } }]);
      spec.given(started).when(progress(6, 1000)).then([]);
    });
    it('refuses a checkpoint past the end of the disk', () => {
      spec.given([...off, evt.copyStarted(4, '2000')]).when(cmd.progress(5, '2000', 9 * 2 ** 30)).thenThrows(ValidationError, 'offset:');
    });
    it('refuses progress of a copy that never started', () => {
      spec.given([...off, evt.copyStarted(4, '2000')]).when(cmd.progress(5, '2001', 10)).thenThrows(IllegalStateError, 'send StartDiskCopy first');
    });
    it('completes one disk, then the last one moves the migration to disks-copied', () => {
      const history = historyToDisksCopied.slice(0, -1);
      spec.given(history).when(cmd.completeCopy(8, '2001')).then([evt.copyCompleted(8, '2001')]);
      expect(foldEvents(migrationDecider, history).phase).toBe('copying-disks');
      expect(foldEvents(migrationDecider, historyToDisksCopied).phase).toBe('disks-copied');
    });
    it('ignores a re-delivered completion', () => {
      spec.given(historyToDisksCopied).when(cmd.completeCopy(9, '2000')).then([]);
    });
    it('records why a copy waits, once per reason, keeps when the wait began, and clears it when the copy moves or completes', () => {
      const waitCmd = (n: number, reason: string): MigrationCommand => ({ type: 'RecordDiskCopyWaiting', data: { meta: cmeta(n), diskKey: '2000', reason } });
      const waitEvt = (n: number, reason: string): MigrationEvent => ({ type: 'DiskCopyWaiting', data: { meta: emeta(n), diskKey: '2000', reason } });
      const started = [...off, evt.copyStarted(4, '2000')];
      spec.given(started).when(waitCmd(5, 'no space on cloud datastore cloud-ds')).then([waitEvt(5, 'no space on cloud datastore cloud-ds')]);
      spec.given([...started, waitEvt(5, 'no space on cloud datastore cloud-ds')]).when(waitCmd(6, 'no space on cloud datastore cloud-ds')).then([]);
      spec.given(started).when(waitCmd(5, '')).then([]); // not waiting: nothing to clear
      const copyOf = (history: MigrationEvent[]) => {
        const state = foldEvents(migrationDecider, history);
        return state.phase === 'initial' ? undefined : { phase: state.phase, copy: state.facts.copies['2000'] };
      };
      const waited = [...started, waitEvt(5, 'a'), waitEvt(7, 'b')];
      expect(copyOf(waited)).toMatchObject({ phase: 'copying-disks', copy: { waiting: { reason: 'b', since: emeta(5).at } } });
      expect(copyOf([...waited, waitEvt(8, '')])?.copy?.waiting).toBeUndefined();
      expect(copyOf([...waited, evt.copyCompleted(8, '2000')])?.copy?.waiting).toBeUndefined();
      spec.given([...waited, evt.copyCompleted(8, '2000')]).when(waitCmd(9, 'c')).then([]);
    });
    it('refuses a wait of a copy that never started, or before the copy step', () => {
      const waitOf = (diskKey: string): MigrationCommand => ({ type: 'RecordDiskCopyWaiting', data: { meta: cmeta(5), diskKey, reason: 'full' } });
      spec.given([...off, evt.copyStarted(4, '2000')]).when(waitOf('2001')).thenThrows(IllegalStateError, 'send StartDiskCopy first');
      spec.given([evt.planned()]).when(waitOf('2000')).thenThrows(IllegalStateError, 'record a disk copy waiting');
    });
    it('refuses a digest that is not SHA-256 hex', () => {
      spec.given(historyToDisksCopied.slice(0, 5)).when(cmd.completeCopy(6, '2000', 'abc')).thenThrows(ValidationError, 'sha256:');
    });
    it('records a delta as it ran: its generation, mode and counts', () => {
      const delta = { bytesCopied: 2 << 20, bytesSkippedZero: 1 << 20, bytesUnchanged: 5 << 20, wireBytes: (2 << 20) + 192, sourceBytes: 2 << 20, generation: 3, mode: 'changed' } as const;
      const complete: MigrationCommand = { type: 'CompleteDiskCopy', data: { meta: cmeta(6), diskKey: '2000', sha256: SHA, ...delta } };
      spec.given(historyToDisksCopied.slice(0, 5)).when(complete).then([{ type: 'DiskCopyCompleted', data: { meta: emeta(6), diskKey: '2000', sha256: SHA, ...delta } }]);
    });
    it('refuses a completion without the mode or generation the copy ran', () => {
      const completion = (over: object): MigrationCommand => ({ type: 'CompleteDiskCopy', data: { meta: cmeta(6), diskKey: '2000', sha256: SHA, ...COPY_COUNTS, ...over } });
      spec.given(historyToDisksCopied.slice(0, 5)).when(completion({ mode: '' })).thenThrows(ValidationError, 'mode:');
      spec.given(historyToDisksCopied.slice(0, 5)).when(completion({ generation: 0 })).thenThrows(ValidationError, 'generation:');
    });
  });

  describe('target, fixup, power on, complete', () => {
    it('records the target VM; the same VM again is a no-op, another VM is refused', () => {
      spec.given(historyToDisksCopied).when(cmd.targetCreated(9)).then([evt.targetCreated(9)]);
      const created = [...historyToDisksCopied, evt.targetCreated(9)];
      spec.given(created).when(cmd.targetCreated(10)).then([]);
      spec.given(created).when(cmd.targetCreated(10, { vcenter: 'cloud', moref: 'vm-8', name: 'web-1' })).thenThrows(IllegalStateError, 'remove the extra VM vm-8');
    });
    it('refuses to record the target before every disk is copied', () => {
      spec.given(historyToDisksCopied.slice(0, 7)).when(cmd.targetCreated(9)).thenThrows(IllegalStateError, 'at step copy-disks');
    });
    it('runs fixup, power on and completes with duration and downtime', () => {
      const created = [...historyToDisksCopied, evt.targetCreated(9)];
      spec.given(created).when(cmd.fixup(10)).then([evt.fixedUp(10)]);
      spec.given([...created, evt.fixedUp(10)]).when(cmd.poweredOn(11)).then([evt.poweredOn(11)]);
      spec
        .given([...created, evt.fixedUp(10), evt.poweredOn(11)])
        .when(cmd.complete(12))
        // planned at T0+1s, completed at T0+12s; source off at T0+3s, target on at T0+11s.
        .then([{ type: 'MigrationCompleted', data: { meta: emeta(12), durationMillis: 11_000, downtimeMillis: 8_000 } }]);
    });
    it('refuses to complete before the target is on', () => {
      spec.given([...historyToDisksCopied, evt.targetCreated(9)]).when(cmd.complete(10)).thenThrows(IllegalStateError, 'at step fixup');
    });
  });
});
