// Reads what each disk image holds: its partition table (sfdisk, MBR or GPT) and the signature at
// the start of every partition, or of the whole disk when it has no table (blkid, probing only).
import { stat } from 'node:fs/promises';
import { execLocal } from '../channels/exec';
import { parseBlkidExport, parseSfdiskJson, type FileSystemSignature, type Volume } from './volumes';

/** One disk image and what was found on it. */
export interface ProbedDisk {
  readonly image: string;
  /** "dos", "gpt", or "" (no partition table). */
  readonly table: string;
  readonly volumes: readonly Volume[];
}

async function signatureAt(image: string, offsetBytes: number, sizeBytes: number): Promise<FileSystemSignature | undefined> {
  // -p: read the device itself (no cache); -O/-S: look only inside this partition.
  const r = await execLocal('blkid', ['-p', '-o', 'export', '-O', String(offsetBytes), '-S', String(sizeBytes), image], { timeoutMs: 60_000 });
  // Exit 2: nothing recognised. Other failures (e.g. ambivalent signatures) count as nothing usable.
  return r.exitCode === 0 ? parseBlkidExport(r.stdout) : undefined;
}

/** Probes one image; a missing or unreadable image is an Error naming it and the fix. */
export async function probeDisk(image: string, diskIndex: number): Promise<ProbedDisk> {
  const info = await stat(image).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`disk image ${image} cannot be read on the guest-prep host (${e.code ?? e.message}); guest-prep must see the cloud datastores at the path the appliance sends (its TARGET_VOLUMES)`);
  });
  if (!info.isFile() && !info.isBlockDevice()) throw new Error(`disk image ${image} is not a file or block device; give the raw flat extent (…-flat.vmdk)`);
  const table = await execLocal('sfdisk', ['--json', image], { timeoutMs: 60_000 });
  if (table.exitCode !== 0 || !table.stdout.trim()) {
    const fs = await signatureAt(image, 0, info.size);
    return { image, table: '', volumes: [{ image, diskIndex, offsetBytes: 0, sizeBytes: info.size, ...(fs ? { fs } : {}) }] };
  }
  const { label, partitions } = parseSfdiskJson(table.stdout);
  const volumes: Volume[] = [];
  for (const p of partitions) {
    // A table of random bytes can name partitions beyond the image's end: nothing to find there.
    if (p.offsetBytes >= info.size || p.sizeBytes <= 0) continue;
    const sizeBytes = Math.min(p.sizeBytes, info.size - p.offsetBytes);
    const fs = await signatureAt(image, p.offsetBytes, sizeBytes);
    volumes.push({ image, diskIndex, partition: p.partition, offsetBytes: p.offsetBytes, sizeBytes, ...(p.partUuid ? { partUuid: p.partUuid } : {}), ...(fs ? { fs } : {}) });
  }
  return { image, table: label, volumes };
}
