// The two KV records of a queued transfer. The appliance writes `control`: which dispatch is current
// (a StartTransfer of a cancelled or failed transfer dispatches it again; older job messages are then
// dropped), whether it is cancelled, and the rate cap. The replica running it writes `status`: the
// TransferStatus it reports, its own name and when it last wrote (a heartbeat).
import { ferry } from '@ferry/proto';

export interface ControlRecord {
  readonly dispatch: number;
  readonly cancel: boolean;
  readonly maxBytesPerSecond: number;
  readonly queuedAt: number;
}

export interface StatusRecord {
  readonly owner: string;
  readonly dispatch: number;
  readonly heartbeatAt: number;
  readonly status: ferry.dataplane.v1.TransferStatus;
  /** The distinct chunks sent so far, as ranges ("0-156,200-210"); '' when too many to carry. */
  readonly sentChunks?: string;
}

const text = new TextEncoder();
const read = new TextDecoder();

export function encodeControl(record: ControlRecord): Uint8Array {
  return text.encode(JSON.stringify(record));
}

export function decodeControl(bytes: Uint8Array): ControlRecord {
  return JSON.parse(read.decode(bytes)) as ControlRecord;
}

export function encodeStatus(record: StatusRecord): Uint8Array {
  const status = Buffer.from(ferry.dataplane.v1.TransferStatus.encode(record.status).finish()).toString('base64');
  return text.encode(JSON.stringify({ owner: record.owner, dispatch: record.dispatch, heartbeatAt: record.heartbeatAt, status, sentChunks: record.sentChunks ?? '' }));
}

export function decodeStatus(bytes: Uint8Array): StatusRecord {
  const raw = JSON.parse(read.decode(bytes)) as { owner: string; dispatch: number; heartbeatAt: number; status: string; sentChunks?: string };
  return { ...raw, status: ferry.dataplane.v1.TransferStatus.decode(Buffer.from(raw.status, 'base64')) };
}
