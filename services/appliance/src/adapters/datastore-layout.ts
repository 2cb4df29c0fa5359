// Where a migration's disks live: the source VMDK as prem-esxi-manager sees the prem datastore, and
// the target VMDK (descriptor + flat extent) in one folder per migration on the mapped cloud datastore.
import { posix } from 'node:path';
import { ValidationError } from '@ferry/errors';

/** "[ds] dir/disk.vmdk" → { datastore: "ds", path: "dir/disk.vmdk" }. */
export function parseDatastorePath(datastorePath: string): { datastore: string; path: string } {
  const match = /^\[([^\]]+)\]\s*(.*)$/.exec(datastorePath);
  if (!match?.[1] || !match[2]) throw new ValidationError('datastore_path', `"${datastorePath}" is not "[datastore] folder/file.vmdk"; use the path vCenter reports for the disk`);
  return { datastore: match[1], path: match[2] };
}

/**
 * The source disk as a prem-esxi-manager locator. ESXi mounts every datastore at
 * /vmfs/volumes/<name>, so `volumesRoot` is that directory on the host the manager runs on.
 */
export function sourceLocator(volumesRoot: string, datastorePath: string): string {
  const { datastore, path } = parseDatastorePath(datastorePath);
  return `file:${posix.join(volumesRoot, datastore, path)}`;
}

/** The folder (inside the cloud datastore) that holds everything one migration uploads. */
export const migrationFolder = (migrationId: string): string => `ferry-${migrationId}`;

/** Descriptor and flat extent of one target disk, relative to its datastore. */
export function targetDiskFiles(migrationId: string, diskKey: string): { descriptor: string; flat: string } {
  const folder = migrationFolder(migrationId);
  return { descriptor: `${folder}/disk-${diskKey}.vmdk`, flat: `${folder}/disk-${diskKey}-flat.vmdk` };
}

/**
 * The VMDK descriptor of a flat extent on a VMFS datastore, as ESXi writes one. qemu-img and the
 * vSphere API both read the disk through it; the data itself is the flat file next to it.
 */
export function flatDescriptor(capacityBytes: number, flatFileName: string): string {
  if (capacityBytes % 512 !== 0) throw new ValidationError('capacity_bytes', `${capacityBytes} is not a whole number of 512-byte sectors; check the source disk's capacity`);
  const sectors = capacityBytes / 512;
  const cylinders = Math.max(1, Math.min(65535, Math.floor(sectors / (255 * 63))));
  return [
    '# Disk DescriptorFile',
    'version=1',
    'encoding="UTF-8"',
    'CID=fffffffe',
    'parentCID=ffffffff',
    'createType="vmfs"',
    '',
    '# Extent description',
    `RW ${sectors} VMFS "${flatFileName}"`,
    '',
    '# The Disk Data Base',
    '#DDB',
    '',
    'ddb.adapterType = "lsilogic"',
    `ddb.geometry.cylinders = "${cylinders}"`,
    'ddb.geometry.heads = "255"',
    'ddb.geometry.sectors = "63"',
    'ddb.virtualHWVersion = "14"',
    '',
  ].join('\n');
}
