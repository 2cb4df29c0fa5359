// The FixUpReplicaDisks command: validates and decodes it, and rebuilds the reply of a finished run
// from its stored events (a redelivered command gets the same answer without touching the disks).
import { type RecordedEvent } from '@ferry/event-store';
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { type FixupDisksInput, type FixupDisksOutcome, type StepOutcome } from '../disks/fixup-disks';
import { type ReplicaNic } from '../disks/nic-match';
import { type TargetPlatform } from '../fixup/inputs';
import { type NetworkConfig } from '../network/model';
import { type StepStatus } from '../prep/events';

const pb = ferry.guestprep.v1;

/** The command's input for the domain; a bad field is a ValidationError naming it. */
export function decodeFixupDisks(cmd: ferry.guestprep.v1.IFixUpReplicaDisks): FixupDisksInput {
  if (!cmd.fixupId) throw new ValidationError('fixup_id', 'empty; give each fixup run its own id');
  const images = cmd.diskImages ?? [];
  if (!images.length || images.some((p) => !p.startsWith('/'))) {
    throw new ValidationError('disk_images', `${JSON.stringify(images)} is not a non-empty list of absolute paths; give each disk's raw flat extent as guest-prep sees it`);
  }
  const platform = cmd.targetPlatform || 'vmware';
  if (platform !== 'vmware' && platform !== 'kvm') throw new ValidationError('target_platform', `"${platform}" is not "vmware" or "kvm"`);
  let network: NetworkConfig | undefined;
  try {
    network = cmd.networkJson ? (JSON.parse(cmd.networkJson) as NetworkConfig) : undefined;
  } catch (e) {
    throw new ValidationError('network_json', `is not JSON (${(e as Error).message}); send the network_json of GuestPrepCompleted or leave it empty`);
  }
  const nics = (cmd.nics ?? []).map((n, i): ReplicaNic => {
    if (!n.mac) throw new ValidationError(`nics[${i}].mac`, 'empty; every NIC of the migrated VM needs its MAC');
    return {
      mac: n.mac,
      targetNetwork: n.targetNetwork ?? '',
      ...(n.addresses?.length ? { addresses: n.addresses } : {}),
      ...(n.gateway ? { gateway: n.gateway } : {}),
      ...(n.method === 'static' || n.method === 'dhcp' ? { method: n.method } : {}),
    };
  });
  return { diskImages: images, targetPlatform: platform as TargetPlatform, nics, ...(network ? { network } : {}) };
}

const STATUS_NAMES: Record<number, StepStatus> = {
  [pb.StepStatus.STEP_STATUS_UNCHANGED]: 'unchanged',
  [pb.StepStatus.STEP_STATUS_CHANGED]: 'changed',
  [pb.StepStatus.STEP_STATUS_WARNING]: 'warning',
  [pb.StepStatus.STEP_STATUS_FAILED]: 'failed',
  [pb.StepStatus.STEP_STATUS_SKIPPED]: 'skipped',
};

/** The outcome of a run that already ended, from its events; undefined while it has none or no end. */
export function outcomeFromEvents(events: readonly Pick<RecordedEvent, 'type' | 'payload'>[]): FixupDisksOutcome | undefined {
  const last = events.at(-1);
  if (!last || (last.type !== 'FixupCompleted' && last.type !== 'FixupFailed')) return undefined;
  const steps: StepOutcome[] = events
    .filter((e) => e.type === 'FixupStepCompleted')
    .map((e) => pb.FixupStepCompleted.decode(e.payload))
    .map((s) => ({ step: s.step, status: STATUS_NAMES[s.status] ?? 'warning', message: s.message }));
  if (last.type === 'FixupFailed') {
    const failed = pb.FixupFailed.decode(last.payload);
    return { ok: false, skipped: false, steps, message: `${failed.step}: ${failed.reason}` };
  }
  return { ok: true, skipped: steps.some((s) => s.step === 'find-root' && s.status === 'skipped'), steps, message: '' };
}

/** The wire reply of an outcome. */
export function replyOf(outcome: FixupDisksOutcome): ferry.guestprep.v1.FixUpReplicaDisksReply {
  return pb.FixUpReplicaDisksReply.create({
    ok: outcome.ok,
    skipped: outcome.skipped,
    steps: outcome.steps.map((s) => ({ step: s.step, status: s.status, message: s.message })),
    message: outcome.message,
    resultJson: JSON.stringify(outcome.result ?? { ok: outcome.ok, skipped: outcome.skipped, steps: outcome.steps }),
  });
}
