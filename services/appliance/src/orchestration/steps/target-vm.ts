// The target VM a step needs, which an earlier phase recorded.
import { IllegalStateError } from '@ferry/errors';
import type { ActiveState, VmRef } from '../../migration';

export function recordedTargetVm(state: ActiveState): VmRef {
  const targetVm = state.facts.targetVm;
  if (!targetVm) throw new IllegalStateError(`migration ${state.facts.id} is at ${state.phase} without a recorded target VM`);
  return targetVm;
}
