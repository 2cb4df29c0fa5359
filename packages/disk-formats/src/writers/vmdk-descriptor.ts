import { randomBytes } from 'node:crypto';
import type { VmdkWriterOptions } from '../types';

/** The descriptor text of a VMDK we write, with one extent line. */
export function descriptorText(createType: string, capacitySectors: number, extentLine: string, options: Pick<VmdkWriterOptions, 'adapterType'>): string {
  const cylinders = Math.min(Math.ceil(capacitySectors / (16 * 63)), 16383);
  return [
    '# Disk DescriptorFile',
    'version=1',
    `CID=${randomBytes(4).toString('hex')}`,
    'parentCID=ffffffff',
    `createType="${createType}"`,
    '',
    '# Extent description',
    extentLine,
    '',
    '# The Disk Data Base',
    '#DDB',
    '',
    'ddb.virtualHWVersion = "4"',
    `ddb.geometry.cylinders = "${cylinders}"`,
    'ddb.geometry.heads = "16"',
    'ddb.geometry.sectors = "63"',
    `ddb.adapterType = "${options.adapterType ?? 'lsilogic'}"`,
    '',
  ].join('\n');
}
