import { IllegalStateError, ValidationError } from '@ferry/errors';
import { Limits } from '../io/limits';

/** Checks a requested virtual size. */
export function checkSize(path: string, size: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > Limits.maxVirtualSize) {
    throw new ValidationError('size', `${size} for ${path} must be an integer within 0..${Limits.maxVirtualSize}`);
  }
}

/** Checks one write against the disk size and the writer state. */
export function checkWrite(path: string, size: number, state: 'open' | 'finished' | 'aborted', offset: number, length: number): void {
  if (state !== 'open') throw new IllegalStateError(`${path}: writer is ${state}; open a new writer`);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > size) {
    throw new ValidationError('offset', `write ${offset}+${length} is outside ${path} (size ${size}); write within the disk`);
  }
}
