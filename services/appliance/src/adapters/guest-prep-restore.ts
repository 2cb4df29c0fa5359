// PremGuestPort through the guest-prep service (ferry.cmd.guest-prep.restore-prem-disks): it mounts
// the prem disks' flat extents the way back wrote and restores the prem guest on them. guest-prep must
// see the prem datastores at the paths ShipBack recorded (SOURCE_VOLUMES).
import type { NatsConnection } from 'nats';
import { UnavailableError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { requestGuestPrepRun } from './guest-prep-run-request';
import type { EffectOf } from '../orchestration';
import type { PremGuestPort } from '../orchestration/back-ports';

export const RESTORE_SUBJECT = 'ferry.cmd.guest-prep.restore-prem-disks';

/**
 * Sends one RestorePremDisks run to guest-prep and returns its reply; when no guest-prep takes it, an
 * UnavailableError with `notTaken` (what to start where, then retry).
 */
export async function sendRestoreRun(nc: NatsConnection, command: ferry.guestprep.v1.IRestorePremDisks, timeoutMs: number, notTaken: string): Promise<ferry.guestprep.v1.FixUpReplicaDisksReply> {
  try {
    return await requestGuestPrepRun<ferry.guestprep.v1.FixUpReplicaDisksReply>(nc, RESTORE_SUBJECT, ferry.guestprep.v1.RestorePremDisks.create(command), { aggregate: 'fixup', id: command.restoreId ?? '' }, { timeoutMs });
  } catch (error) {
    if (!(error instanceof UnavailableError) || !error.message.startsWith(`no reply on ${RESTORE_SUBJECT}`)) throw error;
    throw new UnavailableError(notTaken, { cause: error });
  }
}

/** A restore guest-prep ran and reported failed, with its reason (a retry of the migration runs it again). */
export class PremRestoreFailedError extends Error {
  override readonly name = 'PremRestoreFailedError';
}

export class GuestPrepRestore implements PremGuestPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly options: { readonly timeoutMs: number },
  ) {}

  async restore(effect: EffectOf<'RestorePremGuest'>): Promise<string[]> {
    const command = {
      commandId: `${effect.restoreId}-request`,
      restoreId: effect.restoreId,
      vmId: effect.sourceVm.moref,
      actor: { kind: 'service', id: 'appliance' },
      diskImages: [...effect.premDisks],
      networkFiles: { ...effect.networkFiles },
      undoPrep: effect.undoPrep,
    };
    const reply = await sendRestoreRun(this.nc, command, this.options.timeoutMs,
      `guest-prep did not take the restore of the prem guest of ${effect.sourceVm.moref} (${RESTORE_SUBJECT}, run ${effect.restoreId}): start the guest-prep service on this NATS (${this.nc.getServer()}) where it sees the prem datastores (${effect.premDisks[0] ?? 'the prem disks'}), then retry the migration`);
    if (!reply.ok) throw new PremRestoreFailedError(`restoring the prem guest of ${effect.sourceVm.moref} (${effect.sourceVm.name}) failed (guest-prep run ${effect.restoreId}): ${reply.message || 'no reason given'}; the prem VM stays off — fix the cause, then retry the migration`);
    return reply.steps.map((s) => `${s.step}: ${s.status} - ${s.message}`);
  }
}
