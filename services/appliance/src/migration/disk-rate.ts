// A plan's cap on each disk transfer's wire rate, as CreatePlan, SetPlanDiskRate and the migrations of the plan take it.
import { MIN_TRANSFER_BYTES_PER_SECOND } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';

/**
 * `cap` in bytes per second, or a ValidationError naming max_disk_bytes_per_second. `zeroLifts`:
 * 0 means no cap (SetPlanDiskRate); otherwise 0 is refused, as CreatePlan asks for no cap by
 * leaving the field unset.
 */
export function checkDiskRate(cap: number, { zeroLifts }: { zeroLifts: boolean }): number {
  if (cap === 0 && zeroLifts) return 0;
  if (!Number.isSafeInteger(cap) || cap < MIN_TRANSFER_BYTES_PER_SECOND) {
    const noCap = zeroLifts ? 'use 0 to lift the cap' : 'leave it unset for no cap';
    throw new ValidationError('max_disk_bytes_per_second', `must be at least ${MIN_TRANSFER_BYTES_PER_SECOND} (1 MiB/s), got ${cap}; it is in bytes per second — ${noCap}`);
  }
  return cap;
}
