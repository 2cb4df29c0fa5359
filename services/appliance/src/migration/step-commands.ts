// One pure function per step command: each records the outcome of one step of the cold migration.
import { IllegalStateError, ValidationError } from '@ferry/errors';
import type { CommandOf } from './migration-commands';
import { COPY_MODES, Step, type EventOf } from './migration-events';
import { PHASE_NUMBERS, type MigrationState } from './migration-state';
import { metaOf } from './plan-migration';
import { atPhase, atStep } from './step-guard';

export function recordValidation(command: CommandOf<'RecordValidation'>, state: MigrationState): Array<EventOf<'MigrationValidated'> | EventOf<'MigrationFailed'>> {
  const current = atPhase(state, ['planned'], 'record validation');
  if (!current) return [];
  const d = command.data;
  const unmapped = d.hardware.nics.filter((nic) => !current.facts.networkMap.some((m) => m.sourceNetwork === nic.network));
  const acceptedUnqualified = current.facts.acceptUnqualified ? d.unqualified : [];
  const blockers = [
    ...d.blockers,
    ...(current.facts.acceptUnqualified
      ? []
      : d.unqualified.map((finding) => `${finding} (the support matrix marks this "Not qualified"; plan again with accept_unqualified, \`ferry migrate --accept-unqualified\`, to go ahead)`)),
    ...unmapped.map((nic) => `NIC ${nic.macAddress} is on network "${nic.network}", which the plan's network map does not map; add a mapping for it`),
  ];
  if (blockers.length > 0) {
    const reason = `readiness blocked: ${blockers.join('; ')}. Fix these and retry the migration`;
    return [{ type: 'MigrationFailed', data: { meta: metaOf(command), phase: PHASE_NUMBERS.planned, reason, retryable: true, step: Step.Validate } }];
  }
  return [{ type: 'MigrationValidated', data: { meta: metaOf(command), warnings: [...d.warnings, ...acceptedUnqualified], hardware: d.hardware, sourcePowerState: d.sourcePowerState } }];
}

export function recordSourcePoweredOff(command: CommandOf<'RecordSourcePoweredOff'>, state: MigrationState): EventOf<'SourcePoweredOff'>[] {
  // Pre-copy: the cutover's PrecopySync powers the source off, once a cutover was requested and no sync runs.
  if (state.phase !== 'initial' && state.facts.precopy) {
    const current = atStep(state, [Step.PrecopySync], 'record the source powered off');
    if (!current || current.facts.sourcePowerOff) return [];
    const { cutoverRequestedAt, running } = current.facts.precopy ?? {};
    if (current.phase !== 'precopy-synced' || cutoverRequestedAt === undefined || running) {
      throw new IllegalStateError(`cannot power off the source of migration ${current.facts.id}: a pre-copy migration powers it off only for a requested cutover, after its sync under way`);
    }
  } else if (!atStep(state, [Step.PowerOffSource], 'record the source powered off')) return [];
  return [{ type: 'SourcePoweredOff', data: { meta: metaOf(command), method: command.data.method, wasPoweredOn: command.data.wasPoweredOn } }];
}

function diskOf(state: { facts: { disks: readonly { key: string; capacityBytes: number }[]; sourceVm: { moref: string } } }, diskKey: string) {
  const disk = state.facts.disks.find((d) => d.key === diskKey);
  if (!disk) {
    const known = state.facts.disks.map((d) => d.key).join(', ');
    throw new ValidationError('disk_key', `"${diskKey}" is not a disk of ${state.facts.sourceVm.moref}; use one of ${known}`);
  }
  return disk;
}

export function startDiskCopy(command: CommandOf<'StartDiskCopy'>, state: MigrationState): EventOf<'DiskCopyStarted'>[] {
  const current = atStep(state, [Step.CopyDisks, Step.Hydrate], 'start a disk copy');
  if (!current) return [];
  const disk = diskOf(current, command.data.diskKey);
  const copy = current.facts.copies[disk.key];
  // Already running in this attempt, or done: nothing new. After a retry it starts again from its checkpoint.
  if (copy && (copy.completed || copy.startedInAttempt === current.facts.attempt)) return [];
  return [
    {
      type: 'DiskCopyStarted',
      data: { meta: metaOf(command), diskKey: disk.key, capacityBytes: disk.capacityBytes, changeId: command.data.changeId, resumeOffset: copy?.offset ?? 0 },
    },
  ];
}

export function recordDiskCopyProgress(command: CommandOf<'RecordDiskCopyProgress'>, state: MigrationState): EventOf<'DiskCopyCheckpointed'>[] {
  const current = atPhase(state, ['copying-disks'], 'record disk copy progress');
  if (!current) return [];
  const d = command.data;
  const disk = diskOf(current, d.diskKey);
  const copy = current.facts.copies[disk.key];
  if (!copy) throw new IllegalStateError(`cannot record progress of disk ${disk.key}: its copy was not started; send StartDiskCopy first`);
  if (d.offset < 0 || d.offset > disk.capacityBytes) {
    throw new ValidationError('offset', `${d.offset} is outside disk ${disk.key} (0..${disk.capacityBytes}); report the offset below which every byte is on the target`);
  }
  // A late or repeated checkpoint never moves the copy backwards; one with more bytes verified at the same offset is progress.
  if (copy.completed || d.offset < copy.offset || (d.offset === copy.offset && d.bytesCopied <= copy.bytesCopied)) return [];
  return [{ type: 'DiskCopyCheckpointed', data: { meta: metaOf(command), diskKey: disk.key, offset: d.offset, bytesCopied: d.bytesCopied } }];
}

/** Records why a copy waits (or, with '', that it moves again); the same reason again records nothing. */
export function recordDiskCopyWaiting(command: CommandOf<'RecordDiskCopyWaiting'>, state: MigrationState): EventOf<'DiskCopyWaiting'>[] {
  const current = atPhase(state, ['copying-disks'], 'record a disk copy waiting');
  if (!current) return [];
  const d = command.data;
  const disk = diskOf(current, d.diskKey);
  const copy = current.facts.copies[disk.key];
  if (!copy) throw new IllegalStateError(`cannot record disk ${disk.key} waiting: its copy was not started; send StartDiskCopy first`);
  if (copy.completed || (copy.waiting?.reason ?? '') === d.reason) return [];
  return [{ type: 'DiskCopyWaiting', data: { meta: metaOf(command), diskKey: disk.key, reason: d.reason } }];
}

export function completeDiskCopy(command: CommandOf<'CompleteDiskCopy'>, state: MigrationState): EventOf<'DiskCopyCompleted'>[] {
  const current = atPhase(state, ['copying-disks'], 'complete a disk copy');
  if (!current) return [];
  const d = command.data;
  const disk = diskOf(current, d.diskKey);
  const copy = current.facts.copies[disk.key];
  if (!copy) throw new IllegalStateError(`cannot complete disk ${disk.key}: its copy was not started; send StartDiskCopy first`);
  if (copy.completed) return [];
  if (!/^[0-9a-f]{64}$/.test(d.sha256)) throw new ValidationError('sha256', `"${d.sha256}" is not a hex SHA-256 digest; send the whole-disk digest the receiver verified`);
  if (!(COPY_MODES as readonly string[]).includes(d.mode)) throw new ValidationError('mode', `"${d.mode}" is not a copy mode; send ${COPY_MODES.join(', ')} as the data plane ran the copy`);
  if (!Number.isInteger(d.generation) || d.generation < 1) throw new ValidationError('generation', `${d.generation} is not a sync generation; send 1 for a cold copy or a first sync, +1 per delta`);
  const { bytesCopied, bytesSkippedZero, bytesUnchanged, wireBytes, sourceBytes, sha256, generation, mode } = d;
  return [{ type: 'DiskCopyCompleted', data: { meta: metaOf(command), diskKey: disk.key, bytesCopied, bytesSkippedZero, bytesUnchanged, wireBytes, sourceBytes, sha256, generation, mode } }];
}

export function recordTargetCreated(command: CommandOf<'RecordTargetCreated'>, state: MigrationState): EventOf<'TargetCreated'>[] {
  const d = command.data;
  if (!d.targetVm.moref) throw new ValidationError('target_vm.moref', 'is empty; record the managed object id CreateVM returned');
  const current = atStep(state, [Step.CreateTarget, Step.CreateTargetOverCache], 'record the target VM');
  if (!current) {
    const recorded = state.phase === 'initial' ? undefined : state.facts.targetVm;
    if (recorded && recorded.moref !== d.targetVm.moref) {
      throw new IllegalStateError(`target VM already recorded as ${recorded.moref}, not ${d.targetVm.moref}; remove the extra VM ${d.targetVm.moref} on the cloud vCenter`);
    }
    return [];
  }
  return [{ type: 'TargetCreated', data: { meta: metaOf(command), targetVm: d.targetVm, diskPaths: d.diskPaths } }];
}

export function recordFixup(command: CommandOf<'RecordFixup'>, state: MigrationState): EventOf<'FixupCompleted'>[] {
  if (!atStep(state, [Step.Fixup], 'record the fixup')) return [];
  return [{ type: 'FixupCompleted', data: { meta: metaOf(command), steps: command.data.steps } }];
}

export function recordTargetPoweredOn(command: CommandOf<'RecordTargetPoweredOn'>, state: MigrationState): EventOf<'TargetPoweredOn'>[] {
  if (!atStep(state, [Step.PowerOnTarget], 'record the target powered on')) return [];
  return [{ type: 'TargetPoweredOn', data: { meta: metaOf(command) } }];
}

export function complete(command: CommandOf<'Complete'>, state: MigrationState): EventOf<'MigrationCompleted'>[] {
  const current = atStep(state, [Step.Complete], 'complete the migration');
  if (!current) return [];
  const { facts } = current;
  const at = command.data.meta.at;
  // What the user saw: source off until the target was up (warm: booted over the cache; cold: powered on).
  const targetUpAt = facts.bootedOverCacheAt ?? facts.targetPoweredOnAt;
  const downtimeMillis = facts.sourcePowerOff && targetUpAt !== undefined ? targetUpAt - facts.sourcePowerOff.at : 0;
  return [{ type: 'MigrationCompleted', data: { meta: metaOf(command), durationMillis: at - facts.plannedAt, downtimeMillis } }];
}
