import { ValidationError } from '@ferry/errors';
import type { DiskWriter, VmdkWriterOptions } from '../types';
import { checkSize } from './checks';
import { createVmdkFlatWriter } from './vmdk-flat-writer';
import { createVmdkStreamWriter } from './vmdk-stream-writer';

/**
 * Creates a VMDK writer. monolithicFlat: `path` gets the descriptor and `<name>-flat.vmdk` the
 * data (sparse, any write order). streamOptimized: one file written sequentially (ascending
 * offsets), deflated grains, for upload/import. Sizes are rounded up to whole sectors.
 */
export async function createVmdkWriter(path: string, size: number, options: VmdkWriterOptions): Promise<DiskWriter> {
  checkSize(path, size);
  switch (options.subformat) {
    case 'monolithicFlat':
      return createVmdkFlatWriter(path, size, options);
    case 'streamOptimized':
      return createVmdkStreamWriter(path, size, options);
    default: {
      const unknown: never = options.subformat;
      throw new ValidationError('subformat', `${String(unknown)} is not written; use monolithicFlat or streamOptimized`);
    }
  }
}
