import { ferry } from '@ferry/proto';
import { type FixupEvent } from '../fixup/stage1';
import { type GuestPrepEvent, type PrepEventMeta, type StepStatus } from './events';

const pb = ferry.guestprep.v1;

const STATUS: Record<StepStatus, ferry.guestprep.v1.StepStatus> = {
  unchanged: pb.StepStatus.STEP_STATUS_UNCHANGED,
  changed: pb.StepStatus.STEP_STATUS_CHANGED,
  warning: pb.StepStatus.STEP_STATUS_WARNING,
  failed: pb.StepStatus.STEP_STATUS_FAILED,
  skipped: pb.StepStatus.STEP_STATUS_SKIPPED,
};

function metaOf(m: PrepEventMeta): ferry.guestprep.v1.IGuestPrepMeta {
  return { prepId: m.prepId, vmId: m.vmId, at: { unixMillis: m.atUnixMillis }, actor: m.actor, causeCommandId: m.causeCommandId, traceId: m.traceId };
}

/** A domain event as the event store stores it: its type name and its protobuf encoding. */
export function encodeEvent(event: GuestPrepEvent | FixupEvent): { type: string; payload: Uint8Array } {
  const meta = metaOf(event.meta);
  switch (event.type) {
    case 'GuestPrepStarted':
      return { type: event.type, payload: pb.GuestPrepStarted.encode({ meta, channel: event.channel, osFamily: event.osFamily, undo: event.undo }).finish() };
    case 'GuestPrepStepCompleted':
      return { type: event.type, payload: pb.GuestPrepStepCompleted.encode({ meta, step: event.step, status: STATUS[event.status], message: event.message }).finish() };
    case 'GuestPrepCompleted':
      return {
        type: event.type,
        payload: pb.GuestPrepCompleted.encode({ meta, changed: event.changed, distroId: event.distroId, distroVersion: event.distroVersion, networkJson: event.network ? JSON.stringify(event.network) : '' }).finish(),
      };
    case 'GuestPrepFailed':
      return { type: event.type, payload: pb.GuestPrepFailed.encode({ meta, step: event.step, reason: event.reason }).finish() };
    case 'FixupStarted':
      return { type: event.type, payload: pb.FixupStarted.encode({ meta, targetPlatform: event.targetPlatform }).finish() };
    case 'FixupStepCompleted':
      return { type: event.type, payload: pb.FixupStepCompleted.encode({ meta, step: event.step, status: STATUS[event.status], message: event.message }).finish() };
    case 'FixupCompleted':
      return { type: event.type, payload: pb.FixupCompleted.encode({ meta, resultJson: event.resultJson }).finish() };
    case 'FixupFailed':
      return { type: event.type, payload: pb.FixupFailed.encode({ meta, step: event.step, reason: event.reason }).finish() };
    default: {
      const unreachable: never = event;
      throw new Error(`unknown guest-prep event ${JSON.stringify(unreachable)}`);
    }
  }
}
