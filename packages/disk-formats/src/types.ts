/** The image formats this package reads. */
export type DiskFormat = 'raw' | 'qcow2' | 'vmdk';

/**
 * One run of the virtual disk. Extents from `DiskReader.extents()` are coalesced, in order,
 * and cover [0, virtualSize) without gaps.
 * - `allocated`: the image stores data for the run (it must be read to be known).
 * - `zero`: the run is known to read as zeros (always true when `allocated` is false;
 *   also true for allocated runs the format marks as zero, or raw runs found all-zero).
 * A copier may skip every run with `zero: true` and send it as a zero range.
 */
export interface Extent {
  offset: number;
  length: number;
  allocated: boolean;
  zero?: boolean;
}

/** Random access to the guest-visible bytes of a disk image (and its backing chain). */
export interface DiskReader {
  /** The file opened (the top of a chain). */
  readonly path: string;
  readonly format: DiskFormat;
  /** For VMDK the subformat (createType), e.g. 'monolithicFlat'; for qcow2 'v2' | 'v3'; for raw 'raw'. */
  readonly subformat: string;
  /** Guest-visible size in bytes. */
  readonly virtualSize: number;
  /** The allocation map; reads only metadata (raw images are scanned for zeros in bounded pieces). */
  extents(): AsyncIterable<Extent>;
  /**
   * The guest bytes [offset, offset+length); zeros where unallocated. Must lie within virtualSize.
   * Large reads proceed in bounded pieces; only the returned buffer grows with `length`.
   */
  read(offset: number, length: number): Promise<Buffer>;
  /** Closes every file of the chain. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of `openDisk`. */
export interface OpenDiskOptions {
  /** Skip auto-detection (by magic / descriptor text) and insist on this format. */
  format?: DiskFormat;
  /**
   * Directories backing files and VMDK extents may live in (checked on real paths). An image can
   * name any path as its backing file or extent, so by default only the opened image's directory is allowed.
   */
  backingRoots?: string[];
}

/** A sink of guest bytes that builds an image file. */
export interface DiskWriter {
  readonly path: string;
  readonly virtualSize: number;
  /**
   * Writes guest bytes at `offset`. Zero bytes cost no space where the format allows.
   * streamOptimized VMDK accepts only non-decreasing offsets (a stream); others accept any order.
   */
  write(offset: number, data: Buffer): Promise<void>;
  /** Flushes metadata (tables, footer), fsyncs and closes. The image is valid only after this. */
  finish(): Promise<void>;
  /** Closes without finishing (the file is left incomplete); safe after finish. */
  abort(): Promise<void>;
}

/** Options of `createRawWriter`. */
export interface RawWriterOptions {
  /**
   * Reopen an existing target (after a crash) instead of creating it: its bytes are kept, and
   * every later write — zeros included — lands exactly, so a transfer can resume from a bitmap.
   */
  resume?: boolean;
}

/** VMDK subformats this package writes. */
export type VmdkWriteSubformat = 'monolithicFlat' | 'streamOptimized';

/** Options of `createVmdkWriter`. */
export interface VmdkWriterOptions {
  subformat: VmdkWriteSubformat;
  /** monolithicFlat only: reopen an existing `-flat.vmdk` (see RawWriterOptions.resume). */
  resume?: boolean;
  /** streamOptimized only: zlib level 0..9 of the grains; default 1 (fast; CPU costs more than bytes here). */
  compressionLevel?: number;
  /** ddb.adapterType; default 'lsilogic'. */
  adapterType?: 'ide' | 'buslogic' | 'lsilogic' | 'legacyESX';
}

/** One grain of a streamOptimized VMDK read from a stream: guest `offset` and its inflated bytes. */
export interface StreamGrain {
  offset: number;
  data: Buffer;
}

/**
 * A streamOptimized VMDK arriving over a non-seekable stream (an ESXi NFC export).
 * Grains absent from the stream read as zeros.
 */
export interface VmdkStreamReader {
  readonly virtualSize: number;
  /** Grain size in bytes (usually 64 KiB). */
  readonly grainSize: number;
  /** Grains in stream order; ends at the end-of-stream marker. Iterate once. */
  grains(): AsyncIterable<StreamGrain>;
}
