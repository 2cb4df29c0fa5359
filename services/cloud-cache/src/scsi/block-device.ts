import { createHash } from 'node:crypto';
/** What the SCSI layer needs from a volume: byte-addressed IO plus allocation knowledge. */
export interface BlockDevice {
  /** Size in bytes (a multiple of the logical block size). */
  readonly size: number;
  /** Allocation granularity in bytes: unmapping whole granules deallocates them. */
  readonly chunkSize: number;
  read(offset: number, length: number): Promise<Buffer>;
  /** Writes; `durable` means it must survive a crash before this resolves (FUA). */
  write(offset: number, data: Buffer, durable: boolean): Promise<void>;
  /** Unmaps: the range reads as zeros afterwards. */
  zero(offset: number, length: number, durable: boolean): Promise<void>;
  flush(): Promise<void>;
  /** Whether the granule `index` holds no data (reads as zeros because it was unmapped). */
  isDeallocated(index: number): boolean;
}

/** Identity of one logical unit as INQUIRY reports it. */
export interface UnitIdentity {
  /** Unit serial number (VPD 0x80), ASCII. */
  serial: string;
  /** 16 bytes for the NAA-6 designator (VPD 0x83); derived from target name and LUN. */
  naa: Buffer;
  /** The iSCSI target name, reported as a SCSI name string designator. */
  targetName: string;
}

/**
 * The serial and NAA designator of the LU behind volume `key` ("<iqn>/<lun>"), derived from the key so
 * they stay the same across restarts and initiators see the same disk again.
 */
export function unitIdentityOf(targetName: string, key: string): UnitIdentity {
  const id = createHash('sha256').update(key).digest();
  const naa = Buffer.from(id.subarray(0, 16));
  naa[0] = 0x60 | ((naa[0] as number) & 0x0f); // NAA 6 (IEEE registered extended)
  return { serial: id.subarray(0, 10).toString('hex'), naa, targetName };
}
