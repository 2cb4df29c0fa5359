// Events of the security stream: calls the API refused, folded per flush window (refusal-recorder.ts),
// one aggregate per UTC day (security/refusals-<yyyymmdd>). Wire form: ferry.security.v1.CallRefused.
import type { SecurityEventMeta } from './principal-events';

/** gRPC codes a refusal is recorded for. */
export type RefusalCode = 'UNAUTHENTICATED' | 'PERMISSION_DENIED';

export interface Refusal {
  readonly rpc: string;
  readonly code: RefusalCode;
  /** The actor when the caller was authenticated (a PERMISSION_DENIED), else empty. */
  readonly principal: string;
  readonly peer: string;
  readonly reason: string;
}

export type RefusalEvent = { type: 'CallRefused'; data: { meta: SecurityEventMeta; repeats: number; lastAtMillis: number } & Refusal };

/** The security stream's aggregate for the UTC day of `millis`. */
export function refusalsStreamOf(millis: number): { aggregate: 'security'; id: string } {
  return { aggregate: 'security', id: `refusals-${new Date(millis).toISOString().slice(0, 10).replaceAll('-', '')}` };
}
