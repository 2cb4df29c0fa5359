import { type NetworkConfig } from '../network/model';

/** How a step ended (the guest tool's status words). */
export type StepStatus = 'unchanged' | 'changed' | 'warning' | 'failed' | 'skipped';

/** Fields on every guest-prep event (proto: ferry.guestprep.v1.GuestPrepMeta). */
export interface PrepEventMeta {
  readonly prepId: string;
  readonly vmId: string;
  readonly atUnixMillis: number;
  readonly actor: { kind: string; id: string };
  readonly causeCommandId: string;
  readonly traceId: string;
}

/** The events a preparation run records, in order: Started, StepCompleted*, Completed | Failed. */
export type GuestPrepEvent =
  | { type: 'GuestPrepStarted'; meta: PrepEventMeta; channel: string; osFamily: 'linux' | 'windows'; undo: boolean }
  | { type: 'GuestPrepStepCompleted'; meta: PrepEventMeta; step: string; status: StepStatus; message: string }
  | { type: 'GuestPrepCompleted'; meta: PrepEventMeta; changed: boolean; distroId: string; distroVersion: string; network?: NetworkConfig }
  | { type: 'GuestPrepFailed'; meta: PrepEventMeta; step: string; reason: string };

/** Where a run's events go (the event store in the service; an array in tests). */
export interface PrepEventSink {
  append(event: GuestPrepEvent): Promise<void>;
}

/** The guest tool's result document (ferry-prep.sh / ferry-prep.ps1 print it as their last line). */
export interface PrepToolResult {
  readonly tool: string;
  readonly version: number;
  readonly mode: 'prepare' | 'undo';
  readonly ok: boolean;
  readonly changed: boolean;
  readonly distro?: { id: string; version: string; family: string; packageManager?: string; initramfsTool?: string };
  readonly steps: ReadonlyArray<{ name: string; status: StepStatus; message: string }>;
}
