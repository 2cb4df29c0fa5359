// What a replica's disk images hold, as read from their partition tables (sfdisk --json) and file
// system signatures (blkid -p -o export). Pure parsing: the commands run in probe.ts.

/** One place a file system may live: a partition of a disk image, or the whole image. */
export interface Volume {
  /** The disk image (raw flat extent) on this host. */
  readonly image: string;
  /** Position of the disk in the VM (0 = the first disk, sda on the source). */
  readonly diskIndex: number;
  /** 1-based partition number; undefined for a file system on the whole disk. */
  readonly partition?: number;
  readonly offsetBytes: number;
  readonly sizeBytes: number;
  /** The partition's PARTUUID as Linux shows it (GPT entry GUID, or <MBR id>-<nn>). */
  readonly partUuid?: string;
  /** The file system (or other signature, e.g. LVM2_member, swap) found on it. */
  readonly fs?: FileSystemSignature;
}

/** What blkid found at a volume's start. */
export interface FileSystemSignature {
  readonly type: string;
  readonly uuid?: string;
  readonly label?: string;
}

/** A partition as the table lists it, before its file system is probed. */
export interface PartitionEntry {
  readonly partition: number;
  readonly offsetBytes: number;
  readonly sizeBytes: number;
  readonly partUuid?: string;
  /** MBR type byte (hex, e.g. "83") or GPT type GUID. */
  readonly type: string;
}

/** MBR types that only hold other partitions (extended): no file system of their own. */
const EXTENDED = new Set(['5', 'f', '85']);

interface SfdiskJson {
  partitiontable?: {
    label?: string;
    id?: string;
    device?: string;
    sectorsize?: number;
    partitions?: Array<{ node?: string; start?: number; size?: number; type?: string; uuid?: string }>;
  };
}

/**
 * The partitions of `sfdisk --json <image>`, MBR ("dos") or GPT, without extended containers.
 * Numbers come from the node names (image path + number), as the kernel would number them.
 */
export function parseSfdiskJson(json: string): { label: string; partitions: PartitionEntry[] } {
  const table = (JSON.parse(json) as SfdiskJson).partitiontable;
  if (!table) throw new Error('sfdisk --json printed no "partitiontable"');
  const label = table.label ?? '';
  const sector = table.sectorsize ?? 512;
  const device = table.device ?? '';
  const diskId = (table.id ?? '').toLowerCase().replace(/^0x/, '').padStart(8, '0');
  const partitions: PartitionEntry[] = [];
  for (const [i, p] of (table.partitions ?? []).entries()) {
    const type = (p.type ?? '').toLowerCase();
    if (label === 'dos' && EXTENDED.has(type)) continue;
    const suffix = p.node?.startsWith(device) ? p.node.slice(device.length).replace(/^p/, '') : '';
    const partition = /^\d+$/.test(suffix) ? Number(suffix) : i + 1;
    const partUuid = label === 'gpt' ? p.uuid?.toLowerCase() : label === 'dos' ? `${diskId}-${partition.toString(16).padStart(2, '0')}` : undefined;
    partitions.push({ partition, offsetBytes: (p.start ?? 0) * sector, sizeBytes: (p.size ?? 0) * sector, type, ...(partUuid ? { partUuid } : {}) });
  }
  return { label, partitions };
}

/** `blkid -p -o export` output → the signature; undefined when it names no TYPE. */
export function parseBlkidExport(text: string): FileSystemSignature | undefined {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim().replace(/\\(.)/g, '$1'));
  }
  const type = values.get('TYPE');
  if (!type) return undefined;
  const uuid = values.get('UUID');
  const label = values.get('LABEL');
  return { type, ...(uuid ? { uuid } : {}), ...(label ? { label } : {}) };
}

/** File systems a Linux root may be on (offline mount support on this host). */
export const LINUX_ROOT_TYPES: ReadonlySet<string> = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs']);

/** "sda", "sdb", … "sdz", "sdaa": the kernel's letters for the n-th disk. */
export function diskLetters(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return letters;
}

/** A volume for people: "disk-2000-flat.vmdk partition 1" or "disk-2000-flat.vmdk (whole disk)". */
export function describeVolume(v: Volume): string {
  const name = v.image.split('/').pop() ?? v.image;
  return v.partition === undefined ? `${name} (whole disk)` : `${name} partition ${v.partition}`;
}
