// FixupPort through the guest-prep service: it mounts the replica's flat extents (which the data
// plane wrote to the cloud datastore) and fixes them up before the target's first boot, over NATS
// request/reply (ferry.cmd.guest-prep.fixup-disks). Its steps become the FixupCompleted steps.
import { posix } from 'node:path';
import type { NatsConnection } from 'nats';
import { UnavailableError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { noResponders, type RunOwners } from '@ferry/service-kit';
import type { Effect, FixupPort } from '../orchestration';
import { targetDiskFiles } from './datastore-layout';
import { requestGuestPrepRun } from './guest-prep-run-request';

export const FIXUP_SUBJECT = 'ferry.cmd.guest-prep.fixup-disks';

/** Where guest-prep sees the cloud datastores, and how long a fixup may take. */
export interface GuestPrepFixupOptions {
  /** The cloud datastores as cloud-manager and guest-prep see them: <root>/<datastore name>/… */
  readonly targetVolumes: string;
  readonly timeoutMs: number;
  /** How often, while the reply is awaited, guest-prep is asked whether a replica still holds the run. Default 5 s. */
  readonly checkEveryMs?: number;
  /** Who is asked; default guest-prep's replicas on the same NATS. */
  readonly owners?: RunOwners;
}

/** A failed fixup run, with guest-prep's reason (a retry of the migration runs it again). */
export class FixupFailedError extends Error {
  override readonly name = 'FixupFailedError';
}

export class GuestPrepFixup implements FixupPort {
  constructor(
    private readonly nc: NatsConnection,
    private readonly options: GuestPrepFixupOptions,
  ) {}

  async run(effect: Extract<Effect, { kind: 'RunFixup' }>): Promise<string[]> {
    const command = ferry.guestprep.v1.FixUpReplicaDisks.create({
      commandId: `${effect.fixupId}-request`,
      fixupId: effect.fixupId,
      vmId: effect.targetVm.moref,
      actor: { kind: 'service', id: 'appliance' },
      diskImages: effect.disks.map((d) => posix.join(this.options.targetVolumes, d.datastore, targetDiskFiles(effect.migrationId, d.diskKey).flat)),
      targetPlatform: 'vmware',
      nics: effect.nics.map((n) => ({ mac: n.macAddress, targetNetwork: n.network })),
    });
    let reply: ferry.guestprep.v1.FixUpReplicaDisksReply;
    try {
      reply = await requestGuestPrepRun<ferry.guestprep.v1.FixUpReplicaDisksReply>(this.nc, FIXUP_SUBJECT, command, { aggregate: 'fixup', id: effect.fixupId }, this.options);
    } catch (error) {
      // Only a missing answer is rephrased; an error guest-prep replied with keeps its own words.
      if (!(error instanceof UnavailableError) || !error.message.startsWith(`no reply on ${FIXUP_SUBJECT}`)) throw error;
      // NATS answers 503 at once when nothing subscribes to the subject; otherwise the time ran out.
      const nobody = noResponders(error);
      const what = `the fixup of migration ${effect.migrationId} (${FIXUP_SUBJECT}, fixup ${effect.fixupId})`;
      const start = `start the guest-prep service on this NATS (${this.nc.getServer()}) with the cloud datastores mounted at ${this.options.targetVolumes}`;
      throw new UnavailableError(
        nobody
          ? `guest-prep is not running: nothing took ${what}; ${start}, then retry the migration`
          : `guest-prep did not answer ${what} within ${Math.round(this.options.timeoutMs / 1000)} s: ${start}, or raise FIXUP_TIMEOUT_MS for very large disks; then retry the migration`,
        { cause: error },
      );
    }
    if (!reply.ok) throw new FixupFailedError(`guest-prep fixup ${effect.fixupId} failed: ${reply.message || 'no reason given'}`);
    return reply.steps.map((s) => `${s.step}: ${s.status} - ${s.message}`);
  }
}
