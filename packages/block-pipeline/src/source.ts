/**
 * The read side of a disk as the pipeline needs it. Structurally the same as @ferry/disk-formats'
 * DiskReader, so any reader from there plugs in without an adapter.
 */
export interface DiskExtent {
  offset: number;
  length: number;
  /** False for holes: the range reads as zeros and holds no data. */
  allocated: boolean;
  /** True when the format knows the range is zero even though it is allocated. */
  zero?: boolean;
}

/** A readable disk image with an extent map. */
export interface BlockSource {
  readonly virtualSize: number;
  extents(): AsyncIterable<DiskExtent>;
  read(offset: number, length: number): Promise<Buffer>;
  /** Optional: reads into a caller's (pooled) buffer instead of allocating; returns the filled part. */
  readInto?(target: Buffer, offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}
