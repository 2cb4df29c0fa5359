/**
 * @ferry/disk-formats — read raw, qcow2 and VMDK images (extent map + random access),
 * read a streamOptimized VMDK from a non-seekable stream, and write raw (sparse) and VMDK
 * (monolithicFlat, streamOptimized). Memory stays bounded whatever a header claims;
 * malformed input fails with DiskFormatError naming the file, the field and the fault.
 */
export type { DiskFormat, DiskReader, DiskWriter, Extent, OpenDiskOptions, RawWriterOptions, StreamGrain, VmdkStreamReader, VmdkWriteSubformat, VmdkWriterOptions } from './types';
export { DiskFormatError, type DiskFormatFault } from './errors';
export { Limits } from './io/limits';
export { detectFormat, openDisk } from './open-disk';
export { openVmdkStream } from './vmdk/stream-reader';
export { createRawWriter } from './writers/raw-writer';
export { createVmdkWriter } from './writers/create-vmdk-writer';
