// GuestPrepPort through the guest-prep service (ferry.cmd.guest-prep.prepare-vm) over vSphere Guest
// Operations on the prem vCenter: guest-prep delivers and runs its tool in the running source guest.
import type { NatsConnection } from 'nats';
import { UnavailableError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import type { EffectOf } from '../orchestration';
import type { GuestPreparation, GuestPrepPort } from '../orchestration/warm-ports';
import { requestGuestPrepRun } from './guest-prep-run-request';

export const PREPARE_SUBJECT = 'ferry.cmd.guest-prep.prepare-vm';

/** The guest login guest-prep uses, and how long a preparation may take. */
export interface GuestPrepOptions {
  readonly guestUser: string;
  readonly guestPassword: string;
  readonly timeoutMs: number;
  /** How often, while the reply is awaited, guest-prep is asked whether a replica still holds the run. Default 5 s. */
  readonly checkEveryMs?: number;
}

/** A preparation guest-prep ran and reported failed, with its reason (a retry runs it again). */
export class GuestPrepFailedError extends Error {
  override readonly name = 'GuestPrepFailedError';
}

interface PrepResult {
  ok?: boolean;
  steps?: Array<{ name?: string; status?: string; message?: string }>;
  distro?: { id?: string; version?: string };
  network?: unknown;
  events?: Array<{ type?: string; step?: string; reason?: string }>;
}

export class GuestPrepPrepare implements GuestPrepPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly options: GuestPrepOptions,
  ) {}

  async prepare(effect: EffectOf<'PrepareGuest'>): Promise<GuestPreparation> {
    const command = ferry.guestprep.v1.PrepareVm.create({
      commandId: `${effect.prepId}-request`,
      prepId: effect.prepId,
      vmId: effect.sourceVm.moref,
      actor: { kind: 'service', id: 'appliance' },
      vsphere: { vmMoref: effect.sourceVm.moref, guestUser: this.options.guestUser, guestPassword: this.options.guestPassword },
      osFamily: 'linux',
    });
    let reply: ferry.guestprep.v1.PrepareVmReply;
    try {
      reply = await requestGuestPrepRun<ferry.guestprep.v1.PrepareVmReply>(this.nc, PREPARE_SUBJECT, command, { aggregate: 'guestprep', id: effect.prepId }, this.options);
    } catch (error) {
      if (!(error instanceof UnavailableError) || !error.message.startsWith(`no reply on ${PREPARE_SUBJECT}`)) throw error;
      throw new UnavailableError(
        `guest-prep did not take the preparation of ${effect.sourceVm.moref} (${PREPARE_SUBJECT}, run ${effect.prepId}): start the guest-prep service with the prem vCenter configured (GUEST_PREP_VCENTER_*) on this NATS, then retry the migration`,
        { cause: error },
      );
    }
    const result = JSON.parse(reply.resultJson || '{}') as PrepResult;
    const steps = (result.steps ?? []).map((s) => `${s.name ?? '?'}: ${s.status ?? '?'} - ${s.message ?? ''}`);
    if (!reply.ok) {
      const failedStep = result.steps?.find((s) => s.status === 'failed');
      const failedEvent = result.events?.find((e) => e.type === 'GuestPrepFailed');
      const reason = failedStep ? `${failedStep.name}: ${failedStep.message}` : (failedEvent?.reason ?? 'guest-prep gave no reason');
      throw new GuestPrepFailedError(`preparing the guest of ${effect.sourceVm.moref} (${effect.sourceVm.name}) failed (guest-prep run ${effect.prepId}): ${reason}`);
    }
    const guestOs = [result.distro?.id, result.distro?.version].filter(Boolean).join(' ');
    return { guestOs, steps, networkJson: result.network === undefined ? '' : JSON.stringify(result.network) };
  }
}
