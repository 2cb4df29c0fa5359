// The cold migration's process manager: from the migration's state and the event just stored, the
// next side effect to carry out (or none). Pure: the effect runner does the I/O.
import { IllegalStateError } from '@ferry/errors';
import { datastoreOf, type ActiveState, type MigrationEvent, type MigrationState } from '../migration';
import type { Effect, TargetNic } from './effects';

export interface ProcessManagerOptions {
  /** How long a guest shutdown may take before a hard power-off. Default 5 minutes. */
  readonly guestShutdownTimeoutMs?: number;
}

const DEFAULT_GUEST_SHUTDOWN_MS = 5 * 60_000;

/**
 * Events that start no step: progress inside a running step (the step is already under way), and a
 * new disk rate cap (the runner hands it to the copies under way; later copies read it from the facts).
 */
const IN_STEP: ReadonlySet<MigrationEvent['type']> = new Set(['DiskCopyStarted', 'DiskCopyCheckpointed', 'DiskRateSet', 'MigrationFailed', 'MigrationCompleted', 'CompensationCompleted']);

/** The cloud datastore the storage map sends a source disk's datastore to. */
function mapDatastore(facts: ActiveState['facts'], datastorePath: string): string {
  const source = datastoreOf(datastorePath) ?? '';
  return facts.storageMap.find((m) => m.sourceDatastore === source)?.targetDatastore ?? source;
}

/** The target NICs: each source NIC's MAC and adapter on the network the network map sends it to. */
function targetNics(facts: ActiveState['facts']): TargetNic[] {
  const mapNetwork = (network: string): string => facts.networkMap.find((m) => m.sourceNetwork === network)?.targetNetwork ?? network;
  return (facts.hardware?.nics ?? []).map((nic) => ({ macAddress: nic.macAddress, adapter: nic.adapter, network: mapNetwork(nic.network) }));
}

/** The effect that runs the step an active migration is at. */
export function effectForState(state: ActiveState, options: ProcessManagerOptions = {}): Effect {
  const { facts } = state;
  const migrationId = facts.id;
  switch (state.phase) {
    case 'planned':
      return { kind: 'ValidateSource', migrationId, sourceVm: facts.sourceVm };
    case 'validated':
      return { kind: 'PowerOffSource', migrationId, sourceVm: facts.sourceVm, guestShutdownTimeoutMs: options.guestShutdownTimeoutMs ?? DEFAULT_GUEST_SHUTDOWN_MS };
    case 'source-powered-off':
    case 'copying-disks': {
      const disks = facts.disks
        .filter((disk) => facts.copies[disk.key]?.completed !== true)
        .map((disk) => ({
          diskKey: disk.key, datastorePath: disk.datastorePath, capacityBytes: disk.capacityBytes, resumeOffset: facts.copies[disk.key]?.offset ?? 0,
          targetDatastore: mapDatastore(facts, disk.datastorePath), maxBytesPerSecond: facts.maxDiskBytesPerSecond,
        }));
      return { kind: 'CopyDisks', migrationId, sourceVm: facts.sourceVm, disks };
    }
    case 'disks-copied': {
      const hardware = facts.hardware;
      if (!hardware) throw new IllegalStateError(`migration ${migrationId} has no validated source hardware; retry from validation`);
      return {
        kind: 'CreateTargetVm',
        migrationId,
        name: facts.sourceVm.name,
        hardware,
        nics: targetNics(facts),
        disks: facts.disks.map((disk) => ({ diskKey: disk.key, capacityBytes: disk.capacityBytes, datastore: mapDatastore(facts, disk.datastorePath) })),
        placement: facts.target,
      };
    }
    case 'target-created':
    case 'fixed-up': {
      const targetVm = facts.targetVm;
      if (!targetVm) throw new IllegalStateError(`migration ${migrationId} is at ${state.phase} without a recorded target VM`);
      if (state.phase === 'fixed-up') return { kind: 'PowerOnTarget', migrationId, targetVm };
      return {
        kind: 'RunFixup',
        migrationId,
        targetVm,
        fixupId: `${migrationId}-fixup-${facts.attempt}`,
        disks: facts.disks.map((disk) => ({ diskKey: disk.key, datastore: mapDatastore(facts, disk.datastorePath) })),
        nics: targetNics(facts),
      };
    }
    case 'target-powered-on':
      return { kind: 'CompleteMigration', migrationId };
    default: {
      const unknown: never = state.phase;
      return unknown;
    }
  }
}

/**
 * The next effect after `event` was stored and folded into `state`. None while a step reports
 * progress, after a failure (an operator retries) and once the migration is over.
 */
export function nextEffect(state: MigrationState, event: MigrationEvent, options: ProcessManagerOptions = {}): Effect | undefined {
  if (IN_STEP.has(event.type)) return undefined;
  if (state.phase === 'cancelled') {
    if (state.compensated) return undefined;
    const { compensation, facts } = state;
    return {
      kind: 'Compensate',
      migrationId: facts.id,
      ...(compensation.powerOnSource ? { powerOnSource: facts.sourceVm } : {}),
      removeTarget: compensation.removeTarget,
      ...(compensation.targetVm ? { targetVm: compensation.targetVm } : {}),
    };
  }
  if (state.phase === 'initial' || state.phase === 'failed' || state.phase === 'completed') return undefined;
  // A completed disk with others still copying: the running CopyDisks effect carries on.
  if (event.type === 'DiskCopyCompleted' && state.phase === 'copying-disks') return undefined;
  return effectForState(state, options);
}
