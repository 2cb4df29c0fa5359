// Migration events ↔ ferry.migration.v1 protobuf messages (the stored form in FERRY_EVENTS).
import { ferry } from '@ferry/proto';
import type { EventCodec } from '@ferry/event-store';
import { protoEventCodec } from '../wire/proto-codec';
import type { MigrationEvent } from './migration-events';

const v1 = ferry.migration.v1;

export const migrationCodec: EventCodec<MigrationEvent> = protoEventCodec<MigrationEvent>(
  {
    MigrationPlanned: v1.MigrationPlanned,
    MigrationValidated: v1.MigrationValidated,
    GuestPrepared: v1.GuestPrepared,
    CacheVolumeCreated: v1.CacheVolumeCreated,
    BootedOverCache: v1.BootedOverCache,
    HydrationCompleted: v1.HydrationCompleted,
    DiskMovedToStorage: v1.DiskMovedToStorage,
    MovedToStorage: v1.MovedToStorage,
    CacheReleased: v1.CacheReleased,
    SourcePoweredOff: v1.SourcePoweredOff,
    DiskCopyStarted: v1.DiskCopyStarted,
    DiskCopyCheckpointed: v1.DiskCopyCheckpointed,
    DiskCopyWaiting: v1.DiskCopyWaiting,
    DiskCopyCompleted: v1.DiskCopyCompleted,
    TargetCreated: v1.TargetCreated,
    FixupCompleted: v1.FixupCompleted,
    TargetPoweredOn: v1.TargetPoweredOn,
    MigrationCompleted: v1.MigrationCompleted,
    MigrationFailed: v1.MigrationFailed,
    MigrationRetried: v1.MigrationRetried,
    DiskRateSet: v1.DiskRateSet,
    MigrationCancelled: v1.MigrationCancelled,
    CompensationCompleted: v1.CompensationCompleted,
    MigrateBackRequested: v1.MigrateBackRequested,
    CloudTargetPoweredOff: v1.CloudTargetPoweredOff,
    ShipBackProgressed: v1.ShipBackProgressed,
    ShippedBack: v1.ShippedBack,
    PremGuestRestored: v1.PremGuestRestored,
    MigratedBack: v1.MigratedBack,
    CloudPurgeRequested: v1.CloudPurgeRequested,
    CloudPurged: v1.CloudPurged,
    ChangeTrackingEnabled: v1.ChangeTrackingEnabled,
    DeltaSyncStarted: v1.DeltaSyncStarted,
    DeltaSyncCompleted: v1.DeltaSyncCompleted,
    CutoverRequested: v1.CutoverRequested,
    CutoverScheduled: v1.CutoverScheduled,
    DowntimePredicted: v1.DowntimePredicted,
  },
  ['migrationId', 'causeCommandId'],
  'migration event',
);

/** Where a migration's events live: ferry.evt.migration.<id>. */
export function migrationStream(migrationId: string): { aggregate: string; id: string } {
  return { aggregate: 'migration', id: migrationId };
}
