import { IntegrityError } from '@ferry/errors';

/** Where a format fault was found, for the message and for scripts. */
export interface DiskFormatFault {
  /** The file that is wrong (not necessarily the one opened: a backing file or extent). */
  file: string;
  /** 'raw' | 'qcow2' | 'vmdk' or a more precise name ('vmdk streamOptimized'). */
  format: string;
  /** The field, table entry or offset at fault, e.g. 'L2 entry 17 of L2 table at 0x50000'. */
  where: string;
  /** What is wrong with it, with the value. */
  fault: string;
  /** What to do; defaults to re-exporting the image. */
  fix?: string;
}

const DEFAULT_FIX = 'the file is truncated or corrupt — re-export or re-copy it';

/**
 * A disk image is malformed, truncated, or uses a feature we do not read.
 * The message names the file, the format, the field/offset, the fault and the fix, e.g.
 * "disk.vmdk: vmdk grain table 3 entry 17: points to sector 9999999 past end of file (2048 sectors); the file is truncated or corrupt — re-export or re-copy it".
 */
export class DiskFormatError extends IntegrityError {
  readonly file: string;
  readonly format: string;
  readonly where: string;
  readonly fault: string;

  constructor(fault: DiskFormatFault, options?: { cause?: unknown }) {
    super(`${fault.file}: ${fault.format} ${fault.where}: ${fault.fault}; ${fault.fix ?? DEFAULT_FIX}`, options);
    this.file = fault.file;
    this.format = fault.format;
    this.where = fault.where;
    this.fault = fault.fault;
  }
}

/** A fault factory bound to one file and format, so readers stay terse. */
export function faultsOf(file: string, format: string) {
  return (where: string, fault: string, fix?: string, cause?: unknown): DiskFormatError =>
    new DiskFormatError({ file, format, where, fault, fix }, cause === undefined ? undefined : { cause });
}
export type Faults = ReturnType<typeof faultsOf>;

/** Hex for offsets in messages. */
export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}
