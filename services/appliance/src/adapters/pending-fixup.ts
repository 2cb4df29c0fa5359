// FixupPort placeholder.
import type { FixupPort } from '../orchestration';

/** Fixup of the replica is later work (guest-prep's two-stage fixup); until then it does no step. */
export class PendingFixup implements FixupPort {
  run(): Promise<string[]> {
    return Promise.resolve([]);
  }
}
