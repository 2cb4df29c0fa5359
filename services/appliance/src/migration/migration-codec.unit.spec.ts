import { IntegrityError } from '@ferry/errors';
import { emeta, evt, historyToDisksCopied, targetVm } from '../../test/fixtures/migration';
import { migrationCodec } from './migration-codec';
import { Step, type MigrationEvent, type MigrationEventType } from './migration-events';

const syncedDisk = {
  diskKey: '2000', changeId: '52 aa bb cc dd ee ff 00-11 22 33 44 55 66 77 88/3', sinceChangeId: '52 aa bb cc dd ee ff 00-11 22 33 44 55 66 77 88/2',
  mode: 'changed', sourceLocator: 'datastore:DC0/LocalDS_0/web-1/disk0-ferrysnap-snapshot-7.vmdk', chunks: 3, bytes: 3 << 20, changedBytes: 196_608, sha256: '', wireBytes: 0,
};

const everyType: Record<MigrationEventType, MigrationEvent> = {
  MigrationPlanned: evt.planned(),
  MigrationValidated: evt.validated(),
  SourcePoweredOff: evt.poweredOff(3, 'hard', true),
  DiskCopyStarted: evt.copyStarted(4, '2000', 4096),
  DiskCopyCheckpointed: historyToDisksCopied[5]!,
  DiskCopyWaiting: { type: 'DiskCopyWaiting', data: { meta: emeta(6), diskKey: '2000', reason: 'no space on cloud datastore cloud-ds for disk 2000: about 33 MiB more needed' } },
  DiskCopyCompleted: evt.copyCompleted(7, '2000'),
  TargetCreated: evt.targetCreated(9),
  FixupCompleted: { type: 'FixupCompleted', data: { meta: emeta(10), steps: ['fstab', 'initramfs'] } },
  TargetPoweredOn: evt.poweredOn(11),
  MigrationCompleted: { type: 'MigrationCompleted', data: { meta: emeta(12), durationMillis: 11_000, downtimeMillis: 8_000 } },
  MigrationFailed: evt.failed(9, Step.CreateTarget, 15, 'datastore full', false),
  MigrationRetried: evt.retried(10, Step.CreateTarget, 2),
  DiskRateSet: { type: 'DiskRateSet', data: { meta: emeta(6), maxDiskBytesPerSecond: 8 * 2 ** 20 } },
  MigrationCancelled: { type: 'MigrationCancelled', data: { meta: emeta(13), reason: 'x', powerOnSource: true, removeTarget: true, removeCacheVolume: false, targetVm, step: Step.Fixup } },
  CompensationCompleted: { type: 'CompensationCompleted', data: { meta: emeta(14), steps: ['source powered on'] } },
  GuestPrepared: { type: 'GuestPrepared', data: { meta: emeta(3), guestOs: 'debian', steps: ['iscsi-initiator: changed - installed'], prepId: 'prep-1', networkJson: '{"nics":[]}' } },
  CacheVolumeCreated: {
    type: 'CacheVolumeCreated',
    data: { meta: emeta(5), iqn: 'iqn.2026-12.io.ferry:mig-1', portal: '127.0.0.1:3260', chapUser: 'ferry-mig-1', luns: [{ diskKey: '2000', lun: 0, virtualSize: 2 ** 30 }] },
  },
  BootedOverCache: { type: 'BootedOverCache', data: { meta: emeta(8), iscsiTargetIqn: 'iqn.2026-12.io.ferry:mig-1', initiators: ['iqn.1998-01.com.vmware:esx-1'] } },
  HydrationCompleted: { type: 'HydrationCompleted', data: { meta: emeta(12), bytesHydrated: 2 ** 29 } },
  DiskMovedToStorage: {
    type: 'DiskMovedToStorage',
    data: { meta: emeta(13), disk: { diskKey: '2000', datastorePath: '[LocalDS_0] web-1/web-1.vmdk', bytes: 2 ** 30, chunksWrittenInCloud: 12, writtenInCloud: [{ first: 4, last: 15 }], bytesFetchedOnDemand: 7 << 20 }, lun: 0, shellVm: 'vm-77', capacityBytes: 2 ** 30 },
  },
  MovedToStorage: { type: 'MovedToStorage', data: { meta: emeta(13), disks: [{ diskKey: '2000', datastorePath: '[LocalDS_0] web-1/web-1.vmdk', bytes: 2 ** 30, chunksWrittenInCloud: 12, writtenInCloud: [{ first: 4, last: 15 }], bytesFetchedOnDemand: 7 << 20 }], switchoverMillis: 4000, networkSteps: ['network: unchanged - the network files are as captured at preparation (2 file(s))'] } },
  CacheReleased: { type: 'CacheReleased', data: { meta: emeta(14), iqn: 'iqn.2026-12.io.ferry:mig-1', steps: ['volume deleted'] } },
  MigrateBackRequested: { type: 'MigrateBackRequested', data: { meta: emeta(16), reason: 'application test failed in the cloud', undoPrep: true } },
  CloudTargetPoweredOff: { type: 'CloudTargetPoweredOff', data: { meta: emeta(17), method: 'guest' } },
  ShipBackProgressed: { type: 'ShipBackProgressed', data: { meta: emeta(18), diskKey: '2000', chunksCompared: 512, chunksShipped: 7, chunksTotal: 1024 } },
  ShippedBack: {
    type: 'ShippedBack',
    data: { meta: emeta(19), disks: [{ diskKey: '2000', premPath: '/vmfs/volumes/ds/web-1/web-1-flat.vmdk', cloudSource: 'nfc-vm:vm-7/0', chunksTotal: 1024, chunksShipped: 12, wireBytes: 12 << 20, sha256: 'ab'.repeat(32) }] },
  },
  PremGuestRestored: { type: 'PremGuestRestored', data: { meta: emeta(19), restoreId: 'restore-mig-1-a1', steps: ['network: unchanged - the network files are as captured at preparation (4 file(s))'] } },
  CloudPurgeRequested: { type: 'CloudPurgeRequested', data: { meta: emeta(21), reason: 'the prem VM is back for good' } },
  CloudPurged: { type: 'CloudPurged', data: { meta: emeta(22), steps: ['target vm-77 removed', '[LocalDS_0] web-1/web-1.vmdk deleted'] } },
  ChangeTrackingEnabled: { type: 'ChangeTrackingEnabled', data: { meta: emeta(3), wasEnabled: false } },
  DeltaSyncStarted: { type: 'DeltaSyncStarted', data: { meta: emeta(4), generation: 2, final: false, snapshot: 'snapshot-7', snapshotAtMillis: 1_700_000_000_000, disks: [syncedDisk] } },
  DeltaSyncCompleted: {
    type: 'DeltaSyncCompleted',
    data: { meta: emeta(5), generation: 2, final: false, bytes: 3 << 20, chunks: 3, durationMs: 1200, dirtyBytesPerMinute: 1.5 * 2 ** 20, wireBytes: 2 << 20, disks: [{ ...syncedDisk, sha256: 'cd'.repeat(32), wireBytes: 2 << 20 }], changedBytes: 196_608 },
  },
  CutoverRequested: { type: 'CutoverRequested', data: { meta: emeta(6), reason: 'maintenance window' } },
  CutoverScheduled: { type: 'CutoverScheduled', data: { meta: emeta(5), atMillis: 1_700_000_600_000 } },
  DowntimePredicted: {
    type: 'DowntimePredicted',
    data: {
      meta: emeta(6),
      prediction: {
        downtimeMillis: 41_650, finalDeltaBytes: 6_815_744, dirtyBytesPerMinute: 6.5 * 2 ** 20, deltaBytesPerSecond: 10 * 2 ** 20, syncOverheadMillis: 2000,
        steps: [{ step: 'shutdown', millis: 5000, basis: 'measured', samples: 3 }, { step: 'final_delta', millis: 6650, basis: 'default', samples: 0 }],
        lastSnapshotAtMillis: 1_700_000_000_000, predictedAtMillis: 1_700_000_600_000,
      },
    },
  },
  MigratedBack: { type: 'MigratedBack', data: { meta: emeta(20), bytesWrittenBack: 12 << 20, chunksWrittenBack: 12, downtimeMillis: 30_000, durationMillis: 45_000, steps: ['prem VM vm-42 powered on'], diskDigests: [`2000:${'ab'.repeat(32)}`] } },
};

describe('migration event codec (protobuf ferry.migration.v1)', () => {
  it.each(Object.entries(everyType))('%s survives encode and decode unchanged', (type, event) => {
    const stored = migrationCodec.encode(event);
    expect(stored.type).toBe(type);
    expect(migrationCodec.decode(stored.type, stored.payload)).toEqual(event);
  });

  it('refuses an unknown event type, naming it', () => {
    expect(() => migrationCodec.decode('MigrationTeleported', new Uint8Array())).toThrow(IntegrityError);
    expect(() => migrationCodec.decode('MigrationTeleported', new Uint8Array())).toThrow(/"MigrationTeleported"/);
  });
});
