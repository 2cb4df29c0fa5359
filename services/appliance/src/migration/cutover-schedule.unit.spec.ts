import { IllegalStateError, ValidationError } from '@ferry/errors';
import { DeciderSpecification } from '@ferry/event-store';
import { cmeta, emeta, evt, T0 } from '../../test/fixtures/migration';
import { migrationDecider } from './migration-decider';
import { MigrationMode, type MigrationEvent } from './migration-events';
import type { DowntimePrediction } from './downtime-prediction';

const spec = DeciderSpecification.for(migrationDecider);
const planned = evt.planned(1);
const precopyPlanned = { ...planned, data: { ...planned.data, mode: MigrationMode.Precopy, precopyIntervalSeconds: 60 } } as MigrationEvent;
const cutoverRequested: MigrationEvent = { type: 'CutoverRequested', data: { meta: emeta(5), reason: 'window' } };
const prediction: DowntimePrediction = {
  downtimeMillis: 40_000, finalDeltaBytes: 2 ** 20, dirtyBytesPerMinute: 2 ** 20, deltaBytesPerSecond: 2 ** 24, syncOverheadMillis: 1000,
  steps: [{ step: 'shutdown', millis: 5000, basis: 'measured', samples: 2 }], lastSnapshotAtMillis: T0, predictedAtMillis: T0 + 5000,
};

describe('scheduled cutover and the recorded prediction', () => {
  it('schedules the cutover of a pre-copy migration; the same time again records nothing; a later time replaces it', () => {
    spec.given([precopyPlanned]).when({ type: 'ScheduleCutover', data: { meta: cmeta(2), atMillis: T0 + 600_000 } }).then([{ type: 'CutoverScheduled', data: { meta: emeta(2), atMillis: T0 + 600_000 } }]);
    const scheduled: MigrationEvent = { type: 'CutoverScheduled', data: { meta: emeta(2), atMillis: T0 + 600_000 } };
    spec.given([precopyPlanned, scheduled]).when({ type: 'ScheduleCutover', data: { meta: cmeta(3), atMillis: T0 + 600_000 } }).then([]);
    spec.given([precopyPlanned, scheduled]).when({ type: 'ScheduleCutover', data: { meta: cmeta(3), atMillis: T0 + 900_000 } }).then([{ type: 'CutoverScheduled', data: { meta: emeta(3), atMillis: T0 + 900_000 } }]);
  });

  it('refuses a time in the past naming the field, another mode, and a cutover already asked for', () => {
    spec.given([precopyPlanned]).when({ type: 'ScheduleCutover', data: { meta: cmeta(9), atMillis: T0 + 1000 } }).thenThrows(ValidationError, "at: 2024-01-01T12:00:01.000Z is in the past (the appliance's time is 2024-01-01T12:00:09.000Z); give a time ahead, or cut over now with Cutover");
    spec.given([planned]).when({ type: 'ScheduleCutover', data: { meta: cmeta(2), atMillis: T0 + 600_000 } }).thenThrows(IllegalStateError, 'it is not a pre-copy migration');
    spec.given([precopyPlanned, cutoverRequested]).when({ type: 'ScheduleCutover', data: { meta: cmeta(6), atMillis: T0 + 600_000 } }).thenThrows(IllegalStateError, 'is under way');
  });

  it('records the prediction once, and only once the cutover was asked for', () => {
    spec.given([precopyPlanned]).when({ type: 'RecordDowntimePrediction', data: { meta: cmeta(5), prediction } }).thenThrows(IllegalStateError, 'was not asked for');
    spec.given([precopyPlanned, cutoverRequested]).when({ type: 'RecordDowntimePrediction', data: { meta: cmeta(5), prediction } }).then([{ type: 'DowntimePredicted', data: { meta: emeta(5), prediction } }]);
    spec.given([precopyPlanned, cutoverRequested, { type: 'DowntimePredicted', data: { meta: emeta(5), prediction } }]).when({ type: 'RecordDowntimePrediction', data: { meta: cmeta(6), prediction } }).then([]);
  });
});
