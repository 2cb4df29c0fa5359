// The migration aggregate as a decider: decide routes each command to its pure function.
import type { Decider } from '@ferry/event-store';
import { cancel, fail, recordCompensation, retry, setDiskRate } from './lifecycle-commands';
import type { MigrationCommand } from './migration-commands';
import type { MigrationEvent } from './migration-events';
import { evolve, initialState, type MigrationState } from './migration-state';
import { planMigration } from './plan-migration';
import {
  complete,
  completeDiskCopy,
  recordDiskCopyProgress,
  recordDiskCopyWaiting,
  recordFixup,
  recordSourcePoweredOff,
  recordTargetCreated,
  recordTargetPoweredOn,
  recordValidation,
  startDiskCopy,
} from './step-commands';
import { migrateBack, recordCloudTargetPoweredOff, recordMigratedBack, recordPremGuestRestored, recordShipBackProgress, recordShippedBack } from './migrate-back-commands';
import { purgeCloud, recordCloudPurged } from './purge-cloud-commands';
import { recordDowntimePrediction, scheduleCutover } from './cutover-schedule-commands';
import { recordChangeTrackingEnabled, recordDeltaSyncCompleted, recordDeltaSyncStarted, requestCutover } from './precopy-commands';
import { recordBootedOverCache, recordCacheReleased, recordCacheVolume, recordDiskMoved, recordGuestPrepared, recordHydration, recordMovedToStorage } from './warm-step-commands';

export function decide(command: MigrationCommand, state: MigrationState): MigrationEvent[] {
  switch (command.type) {
    case 'PlanMigration':
      return planMigration(command, state);
    case 'RecordValidation':
      return recordValidation(command, state);
    case 'RecordSourcePoweredOff':
      return recordSourcePoweredOff(command, state);
    case 'StartDiskCopy':
      return startDiskCopy(command, state);
    case 'RecordDiskCopyProgress':
      return recordDiskCopyProgress(command, state);
    case 'RecordDiskCopyWaiting':
      return recordDiskCopyWaiting(command, state);
    case 'CompleteDiskCopy':
      return completeDiskCopy(command, state);
    case 'RecordTargetCreated':
      return recordTargetCreated(command, state);
    case 'RecordFixup':
      return recordFixup(command, state);
    case 'RecordTargetPoweredOn':
      return recordTargetPoweredOn(command, state);
    case 'RecordGuestPrepared':
      return recordGuestPrepared(command, state);
    case 'RecordCacheVolume':
      return recordCacheVolume(command, state);
    case 'RecordBootedOverCache':
      return recordBootedOverCache(command, state);
    case 'RecordHydration':
      return recordHydration(command, state);
    case 'RecordDiskMoved':
      return recordDiskMoved(command, state);
    case 'RecordMovedToStorage':
      return recordMovedToStorage(command, state);
    case 'RecordCacheReleased':
      return recordCacheReleased(command, state);
    case 'Complete':
      return complete(command, state);
    case 'Fail':
      return fail(command, state);
    case 'Retry':
      return retry(command, state);
    case 'Cancel':
      return cancel(command, state);
    case 'SetDiskRate':
      return setDiskRate(command, state);
    case 'RecordCompensation':
      return recordCompensation(command, state);
    case 'MigrateBack':
      return migrateBack(command, state);
    case 'RecordCloudTargetPoweredOff':
      return recordCloudTargetPoweredOff(command, state);
    case 'RecordShipBackProgress':
      return recordShipBackProgress(command, state);
    case 'RecordShippedBack':
      return recordShippedBack(command, state);
    case 'RecordPremGuestRestored':
      return recordPremGuestRestored(command, state);
    case 'RecordChangeTrackingEnabled':
      return recordChangeTrackingEnabled(command, state);
    case 'RecordDeltaSyncStarted':
      return recordDeltaSyncStarted(command, state);
    case 'RecordDeltaSyncCompleted':
      return recordDeltaSyncCompleted(command, state);
    case 'RequestCutover':
      return requestCutover(command, state);
    case 'ScheduleCutover':
      return scheduleCutover(command, state);
    case 'RecordDowntimePrediction':
      return recordDowntimePrediction(command, state);
    case 'PurgeCloud':
      return purgeCloud(command, state);
    case 'RecordCloudPurged':
      return recordCloudPurged(command, state);
    case 'RecordMigratedBack':
      return recordMigratedBack(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const migrationDecider: Decider<MigrationCommand, MigrationEvent, MigrationState> = { decide, evolve, initialState };
