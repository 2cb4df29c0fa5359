// A plan's cap on each disk transfer's wire rate, as CreatePlan, SetPlanDiskRate and the migrations of the plan take it.
import { MIN_TRANSFER_BYTES_PER_SECOND } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';

/** How a request asks for no cap: CreatePlan by leaving the field unset, SetPlanDiskRate with 0. */
export type NoCapRule = { zeroLifts: false; hint: 'leave it unset for no cap' } | { zeroLifts: true; hint: 'use 0 to lift the cap' };

/** `cap` in bytes per second (0 = no cap where the rule allows it); a ValidationError naming max_disk_bytes_per_second otherwise. */
export function checkDiskRate(cap: number, rule: NoCapRule): number {
  if (cap === 0 && rule.zeroLifts) return 0;
  if (!Number.isSafeInteger(cap) || cap < MIN_TRANSFER_BYTES_PER_SECOND) {
    throw new ValidationError('max_disk_bytes_per_second', `must be at least ${MIN_TRANSFER_BYTES_PER_SECOND} (1 MiB/s), got ${cap}; it is in bytes per second — ${rule.hint}`);
  }
  return cap;
}
