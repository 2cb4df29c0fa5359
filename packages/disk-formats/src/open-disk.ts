import { realpath } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { toDiskReader } from './disk-reader';
import { faultsOf } from './errors';
import { ImageFile } from './io/image-file';
import { Limits } from './io/limits';
import type { Layer } from './layer';
import { QCOW2_MAGIC } from './qcow2/header';
import { Qcow2Layer } from './qcow2/qcow2-layer';
import { RawLayer } from './raw/raw-layer';
import type { DiskFormat, DiskReader, OpenDiskOptions } from './types';
import { openVmdkLayer, VMDK_SPARSE_MAGIC } from './vmdk/vmdk-open';

/**
 * Opens a disk image for reading: raw, qcow2 (v2/v3, compressed clusters, backing chain) or
 * VMDK (descriptor + flat extents, monolithicSparse, streamOptimized). Without `format` the
 * format is detected from the magic or the descriptor text; anything else is raw.
 * Throws DiskFormatError (naming the file, field and fault) for malformed images.
 */
export async function openDisk(path: string, options: OpenDiskOptions = {}): Promise<DiskReader> {
  const roots = await Promise.all((options.backingRoots ?? [dirname(path)]).map((root) => realpath(root).catch(() => resolve(root))));
  const layer = await openLayer(path, options.format, [], roots);
  const format = layer instanceof Qcow2Layer ? 'qcow2' : layer instanceof RawLayer ? 'raw' : 'vmdk';
  const subformat = layer instanceof Qcow2Layer ? `v${layer.header.version}` : 'subformat' in layer ? String(layer.subformat) : 'raw';
  return toDiskReader(layer, format, subformat);
}

/** Detects the format of a file from its first bytes. */
export async function detectFormat(path: string): Promise<DiskFormat> {
  const file = await ImageFile.open(path, 'image');
  try {
    const head = await file.readAt(0, Math.min(file.size, 1024), 'first sector');
    if (head.length >= 4 && head.readUInt32BE(0) === QCOW2_MAGIC) return 'qcow2';
    if (head.length >= 4 && head.readUInt32LE(0) === VMDK_SPARSE_MAGIC) return 'vmdk';
    if (file.size <= Limits.maxDescriptorBytes && /^# Disk DescriptorFile|createType\s*=/m.test(head.toString('latin1'))) return 'vmdk';
    return 'raw';
  } finally {
    await file.close();
  }
}

/** Opens one layer of a chain, refusing loops, over-long chains and backing files outside `roots`. */
async function openLayer(path: string, format: DiskFormat | undefined, chain: readonly string[], roots: readonly string[]): Promise<Layer> {
  const parent = chain[chain.length - 1];
  let real: string;
  try {
    real = await realpath(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    if (parent === undefined) throw faultsOf(path, format ?? 'image')('file', `cannot be opened: ${code}`, 'check the path and its permissions', cause);
    throw faultsOf(path, format ?? 'image')('file', `cannot be opened (backing file of ${parent}): ${code}`, 'a backing file must exist where the image that names it says', cause);
  }
  if (parent !== undefined && !roots.some((root) => real.startsWith(root.endsWith(sep) ? root : root + sep))) {
    throw faultsOf(parent, 'qcow2')('backing file', `${real} lies outside the allowed directories (${roots.join(', ')})`, 'keep the chain in one directory or pass backingRoots');
  }
  if (chain.includes(real)) {
    const loop = [...chain, real].map((p) => basename(p)).join(' → ');
    throw faultsOf(chain[chain.length - 1] ?? path, 'qcow2')('backing chain', `loops (${loop})`, 'rebase the image onto a backing file that is not its own descendant');
  }
  if (chain.length >= Limits.maxChainDepth) {
    throw faultsOf(path, 'qcow2')('backing chain', `is deeper than ${Limits.maxChainDepth} images`, 'flatten it with qemu-img convert first');
  }
  const nextChain = [...chain, real];
  const actual = format ?? (await detectFormat(path));
  switch (actual) {
    case 'raw':
      return RawLayer.open(path);
    case 'qcow2':
      return Qcow2Layer.open(path, (backing, backingFormat, backingChain) => openLayer(backing, backingFormat, backingChain, roots), nextChain);
    case 'vmdk':
      return openVmdkLayer(path, roots);
    default: {
      const unreachable: never = actual;
      return unreachable;
    }
  }
}
