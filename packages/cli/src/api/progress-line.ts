// One line of text per disk for `ferry watch`: a bar, bytes done of total, rate and ETA. Pure.

/** A disk's progress as the appliance reports it (ferry.migration.v1.DiskProgress, numbers already). */
export interface DiskLine {
  readonly diskKey: string;
  readonly capacityBytes: number;
  readonly bytesCopied: number;
  readonly rateBytesPerSecond: number;
  /** Seconds; negative when not yet known. */
  readonly etaSeconds: number;
  /** Why the copy is not moving (e.g. no space on its cloud datastore); empty or absent while it moves. */
  readonly waitingReason?: string;
  /** Once the copy completed, what it recorded: zero and unchanged bytes of the disk, bytes read at the source and sent on the wire. */
  readonly completed?: { readonly zeroBytes: number; readonly unchangedBytes: number; readonly sourceBytes: number; readonly wireBytes: number };
}

/** "  (zeros 24.0 MiB, unchanged 0 B; read 40.0 MiB at the source, 20.1 MiB on the wire)" for a completed copy; '' otherwise. */
function completedCounts(disk: DiskLine): string {
  const c = disk.completed;
  if (c === undefined) return '';
  return `  (zeros ${bytes(c.zeroBytes)}, unchanged ${bytes(c.unchangedBytes)}; read ${bytes(c.sourceBytes)} at the source, ${bytes(c.wireBytes)} on the wire)`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 1536 → "1.5 KiB". */
export function bytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** 75 → "1m15s"; negative → "?". */
export function duration(seconds: number): string {
  if (seconds < 0) return '?';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

/**
 * "disk 2000 [#######-------------]  35%  2.8 GiB/8.0 GiB  112.0 MiB/s  ETA 47s", then "  WAITING: <why>" while the copy
 * waits, or the completed copy's counts once it is done.
 */
export function progressLine(disk: DiskLine, width = 24): string {
  const fraction = disk.capacityBytes > 0 ? Math.min(1, Math.max(0, disk.bytesCopied / disk.capacityBytes)) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const rate = disk.rateBytesPerSecond > 0 ? `${bytes(disk.rateBytesPerSecond)}/s` : '-';
  const eta = fraction >= 1 ? 'done' : `ETA ${duration(disk.etaSeconds)}`;
  const waiting = disk.waitingReason ? `  WAITING: ${disk.waitingReason}` : '';
  return `disk ${disk.diskKey} ${bar} ${percent}  ${bytes(disk.bytesCopied)}/${bytes(disk.capacityBytes)}  ${rate}  ${eta}${completedCounts(disk)}${waiting}`;
}
