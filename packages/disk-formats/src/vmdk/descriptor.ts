import type { Faults } from '../errors';
import { Limits } from '../io/limits';

/** One extent line of a VMDK descriptor: `RW 8192 FLAT "disk-flat.vmdk" 0`. */
export interface ExtentLine {
  access: string;
  sectors: number;
  type: string;
  file?: string;
  offsetSectors: number;
}

/** The parts of a VMDK text descriptor we act on. */
export interface Descriptor {
  createType: string;
  parentCid: string;
  extents: ExtentLine[];
}

const EXTENT = /^(RW|RDONLY|NOACCESS)\s+(\d+)\s+([A-Z]+)(?:\s+"([^"]*)"(?:\s+(\d+))?)?\s*$/;
const MAX_EXTENTS = 4096;

/** Parses descriptor text; `where` says whether it was a file or embedded in a sparse header. */
export function parseDescriptor(text: string, fault: Faults, where: string): Descriptor {
  const descriptor: Descriptor = { createType: '', parentCid: 'ffffffff', extents: [] };
  let total = 0;
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const extent = EXTENT.exec(line);
    if (extent) {
      const sectors = Number(extent[2]);
      const offsetSectors = Number(extent[5] ?? 0);
      total += sectors;
      if (!Number.isSafeInteger(sectors) || total * 512 > Limits.maxVirtualSize || !Number.isSafeInteger(offsetSectors)) {
        throw fault(`${where} line ${index + 1}`, `extent of ${extent[2]} sectors makes the disk larger than ${Limits.maxVirtualSize} bytes`);
      }
      if (descriptor.extents.length >= MAX_EXTENTS) throw fault(where, `has more than ${MAX_EXTENTS} extents`);
      descriptor.extents.push({ access: extent[1] ?? 'RW', sectors, type: extent[3] ?? '', file: extent[4], offsetSectors });
      continue;
    }
    const pair = /^([A-Za-z0-9_.]+)\s*=\s*"?([^"]*)"?\s*$/.exec(line);
    if (pair?.[1] === 'createType') descriptor.createType = pair[2] ?? '';
    else if (pair?.[1] === 'parentCID') descriptor.parentCid = (pair[2] ?? '').toLowerCase();
    else if (!pair) throw fault(`${where} line ${index + 1}`, `is not a descriptor line: "${line.slice(0, 60)}"`);
  }
  if (descriptor.createType === '') throw fault(where, 'has no createType');
  if (descriptor.parentCid !== 'ffffffff') {
    throw fault(`${where} parentCID`, `is ${descriptor.parentCid}: this is a snapshot delta disk whose parent is not read here`, 'consolidate the snapshots or convert the chain with qemu-img first');
  }
  return descriptor;
}
