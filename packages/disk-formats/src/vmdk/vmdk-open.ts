import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { faultsOf } from '../errors';
import { ImageFile } from '../io/image-file';
import { Limits } from '../io/limits';
import { RawLayer } from '../raw/raw-layer';
import { parseDescriptor, type ExtentLine } from './descriptor';
import { ExtentsLayer, type Piece } from './extents-layer';
import { SECTOR, VMDK_SPARSE_MAGIC } from './sparse-header';
import { SparseLayer } from './sparse-layer';

export { VMDK_SPARSE_MAGIC };
const COWD_MAGIC = 0x44574f43; // 'COWD' little-endian: ESX vmfsSparse

/**
 * Opens a VMDK: a sparse file (monolithicSparse / streamOptimized, by the KDMV magic) or a text
 * descriptor whose extents (FLAT, VMFS, SPARSE, ZERO) are opened beside it.
 */
export async function openVmdkLayer(path: string, roots: readonly string[]): Promise<ExtentsLayer> {
  const file = await ImageFile.open(path, 'vmdk');
  let head: Buffer;
  try {
    if (file.size < 4) throw file.fault('header', `file is ${file.size} bytes, too short for a VMDK`);
    head = await file.readAt(0, Math.min(file.size, Limits.maxDescriptorBytes), 'descriptor');
  } finally {
    await file.close();
  }
  const magic = head.readUInt32LE(0);
  if (magic === VMDK_SPARSE_MAGIC) return openMonolithicSparse(path);
  if (magic === COWD_MAGIC) throw file.fault('header magic', 'is COWD (ESX vmfsSparse snapshot extent), not read here', 'consolidate the snapshot first');
  // The descriptor is the text up to the first NUL. Writers pad it to a sector, and some (qemu-img's
  // split sparse subformats) leave stale bytes after the NUL, so only the text is parsed (and must parse).
  const textEnd = head.indexOf(0) < 0 ? head.length : head.indexOf(0);
  if (file.size > Limits.maxDescriptorBytes || textEnd === 0) {
    throw file.fault('descriptor', `is neither a KDMV sparse header nor a text descriptor (${file.size} bytes)`, 'pass the .vmdk descriptor or a sparse VMDK');
  }
  const descriptor = parseDescriptor(head.subarray(0, textEnd).toString('utf8'), file.fault, 'descriptor');
  const pieces: Piece[] = [];
  try {
    let start = 0;
    for (const [index, extent] of descriptor.extents.entries()) {
      pieces.push(await openExtent(path, extent, index, start, file.fault, roots));
      start += extent.sectors * SECTOR;
    }
  } catch (error) {
    for (const piece of pieces) await piece.layer?.close();
    throw error;
  }
  if (pieces.length === 0) throw file.fault('descriptor', 'lists no extents');
  return new ExtentsLayer(path, descriptor.createType, pieces);
}

async function openMonolithicSparse(path: string): Promise<ExtentsLayer> {
  const layer = await SparseLayer.open(path, 'vmdk');
  try {
    const text = await layer.embeddedDescriptor();
    const createType = text ? parseDescriptor(text, faultsOf(path, 'vmdk'), 'embedded descriptor').createType : layer.header.markers ? 'streamOptimized' : 'monolithicSparse';
    return new ExtentsLayer(path, createType, [{ start: 0, length: layer.virtualSize, layer, base: 0 }]);
  } catch (error) {
    await layer.close();
    throw error;
  }
}

async function openExtent(path: string, extent: ExtentLine, index: number, start: number, fault: ImageFile['fault'], roots: readonly string[]): Promise<Piece> {
  const length = extent.sectors * SECTOR;
  const where = `descriptor extent ${index} (${extent.type} "${extent.file ?? ''}")`;
  if (extent.type === 'ZERO') return { start, length, base: 0 };
  if (extent.file === undefined) throw fault(where, 'names no file');
  const extentPath = isAbsolute(extent.file) ? extent.file : join(dirname(path), extent.file);
  // A descriptor can name any file as an extent: only files in the allowed directories are read.
  const real = await realpath(extentPath).catch(() => extentPath);
  if (!roots.some((root) => real.startsWith(root.endsWith(sep) ? root : root + sep))) {
    throw fault(where, `${real} lies outside the allowed directories (${roots.join(', ')})`, 'keep the extents beside the descriptor or pass backingRoots');
  }
  if (extent.type === 'FLAT' || extent.type === 'VMFS') {
    const layer = await RawLayer.open(extentPath);
    const base = extent.offsetSectors * SECTOR;
    if (base + length > layer.virtualSize) {
      await layer.close();
      throw fault(where, `needs ${base + length} bytes but ${extentPath} has ${layer.virtualSize}`);
    }
    return { start, length, layer, base };
  }
  if (extent.type === 'SPARSE') {
    const layer = await SparseLayer.open(extentPath, 'vmdk sparse extent');
    if (layer.virtualSize < length) {
      await layer.close();
      throw fault(where, `is ${length} bytes but its file holds only ${layer.virtualSize}`);
    }
    return { start, length, layer, base: 0 };
  }
  throw fault(where, `extent type ${extent.type} is not read here`, 'convert the disk to monolithicFlat or streamOptimized first');
}
