// Plans, migrations and stored events as the integrator API shows them (ferry.api.v1).
import type { RecordedEvent } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { MigrationMode, PHASE_NUMBERS, type DiskCopyRecord, type MigrationState } from '../migration';
import type { PlanState } from '../plan';
import { backView } from './back-view';
import { precopyView } from './precopy-view';
import { recordedDowntimeView } from './downtime-view';

import api = ferry.api.v1;

const ts = (unixMillis: number): ferry.common.v1.ITimestamp | null => (unixMillis > 0 ? { unixMillis } : null);

/** The plan's status; a started plan is SUCCEEDED once every migration completed, FAILED once none runs and one failed. */
function planStatus(plan: Exclude<PlanState, { status: 'none' }>, migrations: readonly MigrationState[]): api.PlanStatus {
  switch (plan.status) {
    case 'created':
      return plan.spec.scheduledStartMillis > 0 ? api.PlanStatus.PLAN_STATUS_SCHEDULED : api.PlanStatus.PLAN_STATUS_DRAFT;
    case 'cancelled':
      return api.PlanStatus.PLAN_STATUS_CANCELLED;
    case 'started': {
      // A migration migrated back had completed first: for its plan it counts as completed.
      const phases = migrations.map((m) => (m.phase === 'migrated-back' ? 'completed' : m.phase));
      if (phases.length === plan.migrations.length && phases.every((p) => p === 'completed')) return api.PlanStatus.PLAN_STATUS_SUCCEEDED;
      const settled = phases.length === plan.migrations.length && phases.every((p) => p === 'completed' || p === 'failed' || p === 'cancelled');
      if (settled && phases.includes('failed')) return api.PlanStatus.PLAN_STATUS_FAILED;
      return api.PlanStatus.PLAN_STATUS_RUNNING;
    }
    default: {
      const unknown: never = plan;
      return unknown;
    }
  }
}

export function planView(plan: Exclude<PlanState, { status: 'none' }>, createdAt: number, migrations: readonly MigrationState[] = []): api.IPlan {
  const { spec } = plan;
  return {
    id: plan.id,
    name: spec.name,
    status: planStatus(plan, migrations),
    mode: spec.mode,
    vms: [...spec.vms],
    networkMap: [...spec.networkMap],
    storageMap: [...spec.storageMap],
    target: spec.target,
    concurrency: spec.concurrency,
    scheduledStart: ts(spec.scheduledStartMillis),
    scheduledCutover: ts(spec.scheduledCutoverMillis ?? 0),
    maxDiskBytesPerSecond: spec.maxDiskBytesPerSecond,
    createdAt: ts(createdAt),
    migrationIds: plan.status === 'created' ? [] : plan.migrations.map((m) => m.migrationId),
  };
}

/**
 * A migration as the API shows it. `onDemandBytesOf`: cloud-cache's latest figure for a volume, shown
 * while a warm migration's guest runs over the cache (after the move, what MovedToStorage recorded).
 */
export function migrationView(state: Exclude<MigrationState, { phase: 'initial' }>, version: number, updatedAt: number, onDemandBytesOf?: (iqn: string) => number | undefined): api.IMigration {
  const { facts } = state;
  return {
    id: facts.id,
    planId: facts.planId,
    sourceVm: facts.sourceVm,
    targetVm: facts.targetVm ?? null,
    mode: facts.mode,
    phase: PHASE_NUMBERS[state.phase],
    disks: facts.disks.map((d) => {
      const copy = facts.copies[d.key];
      return { diskKey: d.key, capacityBytes: d.capacityBytes, bytesCopied: copy?.bytesCopied ?? 0, waitingReason: waitingReasonOf(state, d.key), ...copyRecordView(copy?.record) };
    }),
    failureReason: state.phase === 'failed' ? state.reason : '',
    retryable: state.phase === 'failed' ? state.retryable : false,
    startedAt: ts(facts.plannedAt),
    updatedAt: ts(updatedAt),
    version,
    ...(facts.mode === MigrationMode.Warm ? { warm: warmView(facts, onDemandBytesOf) } : {}),
    ...(facts.back !== undefined ? { back: backView(state) ?? null } : {}),
    ...(facts.mode === MigrationMode.Precopy ? { downtime: recordedDowntimeView(state) ?? null } : {}),
    ...(facts.mode === MigrationMode.Precopy ? { precopy: precopyView(state) } : {}),
  };
}

/** DiskProgress's counts of a completed copy (DiskCopyCompleted); none before. */
export function copyRecordView(record: DiskCopyRecord | undefined): Pick<ferry.migration.v1.IDiskProgress, 'bytesSkippedZero' | 'wireBytes' | 'sourceBytes' | 'bytesUnchanged'> {
  if (record === undefined) return {};
  return { bytesSkippedZero: record.bytesSkippedZero, wireBytes: record.wireBytes, sourceBytes: record.sourceBytes, bytesUnchanged: record.bytesUnchanged };
}

/** Why a disk's copy waits (e.g. no room on its cloud datastore), while the migration copies; '' otherwise. */
export function waitingReasonOf(state: Exclude<MigrationState, { phase: 'initial' }>, diskKey: string): string {
  return state.phase === 'copying-disks' ? (state.facts.copies[diskKey]?.waiting?.reason ?? '') : '';
}

/** A warm migration's cache, boot and move, from its recorded facts. */
function warmView(facts: Exclude<MigrationState, { phase: 'initial' }>['facts'], onDemandBytesOf?: (iqn: string) => number | undefined): api.IWarmStatus {
  const bootedAt = facts.bootedOverCacheAt;
  const moved = facts.movedDisks;
  return {
    cacheIqn: facts.cacheVolume?.iqn ?? '',
    cachePortal: facts.cacheVolume?.portal ?? '',
    bootedOverCacheAt: bootedAt === undefined ? null : ts(bootedAt),
    downtimeMillis: bootedAt !== undefined && facts.sourcePowerOff ? bootedAt - facts.sourcePowerOff.at : 0,
    bytesHydrated: facts.bytesHydrated ?? Object.values(facts.copies).reduce((sum, copy) => sum + copy.bytesCopied, 0),
    storageDisks: (facts.movedDisks ?? []).map((disk) => disk.datastorePath),
    switchoverMillis: facts.switchoverMillis ?? 0,
    chunksWrittenInCloud: (facts.movedDisks ?? []).reduce((sum, disk) => sum + disk.chunksWrittenInCloud, 0),
    bytesFetchedOnDemand: moved ? moved.reduce((sum, disk) => sum + disk.bytesFetchedOnDemand, 0) : (onDemandBytesOf?.(facts.cacheVolume?.iqn ?? '') ?? 0),
  };
}

/** "operator:alice" → { kind: "operator", id: "alice" }. */
function actorOf(actor: string): ferry.common.v1.IActor {
  const colon = actor.indexOf(':');
  return colon < 0 ? { kind: '', id: actor } : { kind: actor.slice(0, colon), id: actor.slice(colon + 1) };
}

/** One stored event with its audit fields (who, which command, which trace, the previous hash). */
export function eventView(event: RecordedEvent, migrationId: string): ferry.migration.v1.IMigrationEvent {
  return {
    sequence: event.sequence,
    typeName: event.type,
    payload: event.payload,
    meta: { migrationId, at: ts(event.occurredAt.getTime()), actor: actorOf(event.actor), causeCommandId: event.commandId, traceId: event.traceId },
    previousHash: Buffer.from(event.prevHash).toString('hex'),
  };
}
