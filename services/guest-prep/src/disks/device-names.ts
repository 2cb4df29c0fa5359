// How the replica's own files name its file systems (fstab, kernel command line), mapped to the
// volumes found on the disk images: pure functions over the probed volumes.
import { diskLetters, type Volume } from './volumes';

/** Controller prefixes the source may have named its disks with (pvscsi/SATA, virtio, Xen, IDE). */
const PREFIXES = ['sd', 'vd', 'xvd', 'hd'] as const;

/** Every name the source could have used for `v`: /dev/sda1, LABEL=root, PARTUUID=…, by-label paths. */
export function namesOf(v: Volume): string[] {
  const letters = diskLetters(v.diskIndex);
  const names = PREFIXES.map((p) => `/dev/${p}${letters}${v.partition ?? ''}`);
  if (v.fs?.label) names.push(`LABEL=${v.fs.label}`, `/dev/disk/by-label/${v.fs.label}`);
  if (v.partUuid) names.push(`PARTUUID=${v.partUuid}`, `/dev/disk/by-partuuid/${v.partUuid}`);
  if (v.fs?.uuid) names.push(`UUID=${v.fs.uuid}`, `/dev/disk/by-uuid/${v.fs.uuid}`);
  return names;
}

/**
 * Device names (and LABEL=/PARTUUID= forms) that fstab and the kernel command line may use for a
 * file system on these disks, to its UUID: the fixup rewrites them to UUID=, which finds the file
 * system whatever the target's controller calls the disk and whatever else carries the same label.
 * A label two volumes share maps to neither (it names no single file system).
 */
export function deviceUuidMap(volumes: readonly Volume[]): Record<string, string> {
  const map: Record<string, string> = {};
  const ambiguous = new Set<string>();
  for (const v of volumes) {
    const uuid = v.fs?.uuid;
    if (!uuid) continue;
    for (const name of namesOf(v)) {
      if (name.startsWith('UUID=') || name.startsWith('/dev/disk/by-uuid/')) continue;
      if (map[name] !== undefined && map[name] !== uuid) ambiguous.add(name);
      map[name] = uuid;
    }
  }
  for (const name of ambiguous) delete map[name];
  return map;
}

/** The volume an fstab device field names (UUID=, LABEL=, PARTUUID=, /dev/…), if it is on these disks. */
export function volumeNamed(spec: string, volumes: readonly Volume[]): Volume | undefined {
  const unquoted = spec.replace(/^(UUID|LABEL|PARTUUID)="(.*)"$/, '$1=$2');
  const matches = volumes.filter((v) => namesOf(v).some((n) => n.toLowerCase() === unquoted.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}

/** One fstab line that mounts a file system the fixup needs beside the root (/boot, the EFI partition). */
export interface FstabMount {
  readonly spec: string;
  readonly mountPoint: string;
  readonly type: string;
}

/** Mount points the fixup works in below the root: the bootloader and initramfs live there. */
export const BOOT_MOUNT_POINTS: readonly string[] = ['/boot', '/boot/efi'];

/** The /boot and /boot/efi lines of an fstab, parents first. */
export function bootMounts(fstab: string): FstabMount[] {
  const found: FstabMount[] = [];
  for (const line of fstab.split('\n')) {
    const [spec, mountPoint, type] = line.trim().split(/\s+/);
    if (!spec || spec.startsWith('#') || !mountPoint) continue;
    const point = mountPoint.replace(/\/+$/, '') || '/';
    if (BOOT_MOUNT_POINTS.includes(point)) found.push({ spec, mountPoint: point, type: type ?? 'auto' });
  }
  return found.sort((a, b) => a.mountPoint.length - b.mountPoint.length);
}
