// DiskCopyPort onto the cloud datastore: the descriptor goes up with a datastore /folder PUT (which
// also makes the migration's folder), then the data plane writes the flat extent straight into that
// folder on the cloud manager's mount of the datastore, resuming from its verified-chunk map.
import { posix } from 'node:path';
import { putDatastoreFile, type VsphereClient } from '@ferry/vsphere';
import type { CopyObserver, DiskCopyPort, DiskCopyResult, DiskToCopy } from '../orchestration';
import { flatDescriptor, sourceLocator, targetDiskFiles } from './datastore-layout';
import type { DiskLocation } from './shipper-disk-copy';

/** Where the two managers see the datastores (both /vmfs/volumes on ESXi). */
export interface DatastoreMounts {
  /** Prem datastores as prem-esxi-manager sees them: <root>/<datastore name>/… */
  readonly sourceVolumes: string;
  /** Cloud datastores as cloud-manager sees them: <root>/<datastore name>/… */
  readonly targetVolumes: string;
}

/** Source locator and target path of one disk under `mounts`. */
export function locateOnDatastores(mounts: DatastoreMounts): (migrationId: string, disk: DiskToCopy) => DiskLocation {
  return (migrationId, disk) => ({
    sourceLocator: sourceLocator(mounts.sourceVolumes, disk.datastorePath),
    targetPath: posix.join(mounts.targetVolumes, disk.targetDatastore, targetDiskFiles(migrationId, disk.diskKey).flat),
  });
}

export class DatastoreDiskCopy implements DiskCopyPort {
  /** `datacenter`: the cloud datacenter's name, as /folder's dcPath wants it. */
  constructor(
    private readonly cloud: VsphereClient,
    private readonly datacenter: () => Promise<string>,
    private readonly transfer: DiskCopyPort,
  ) {}

  async copy(migrationId: string, disk: DiskToCopy, onCheckpoint: (offset: number, bytesCopied: number) => Promise<void>, observer?: CopyObserver): Promise<DiskCopyResult> {
    const files = targetDiskFiles(migrationId, disk.diskKey);
    const descriptor = Buffer.from(flatDescriptor(disk.capacityBytes, posix.basename(files.flat)));
    // Idempotent: the same descriptor every time.
    await putDatastoreFile(this.cloud, { datacenter: await this.datacenter(), datastore: disk.targetDatastore, path: files.descriptor }, descriptor, descriptor.length);
    return this.transfer.copy(migrationId, disk, onCheckpoint, observer);
  }

  setRate(migrationId: string, maxBytesPerSecond: number): void {
    this.transfer.setRate(migrationId, maxBytesPerSecond);
  }

  forgetRate(migrationId: string): void {
    this.transfer.forgetRate(migrationId);
  }

  async stop(migrationId: string, diskKey: string, generation: number): Promise<void> {
    await this.transfer.stop?.(migrationId, diskKey, generation);
  }
}
