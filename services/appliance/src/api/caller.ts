// Who calls the integrator API and within which trace: goes into every stored event's audit fields.
// The actor is the authenticated principal (validation/validated-rpc.ts), never a header the client sets.
import { randomBytes } from 'node:crypto';
import { activeTraceId } from '@ferry/service-kit';
import type { Role } from '../access/roles';
import type { Scope } from '../access/scopes';

/** The audit identity of one API call. */
export interface Caller {
  /** "operator:<user>" or "integrator:<key name>"; empty on the RPCs anyone may call (Login, InitAdmin). */
  readonly actor: string;
  /** The principal's role; undefined on the RPCs anyone may call. */
  readonly role?: Role;
  /** Where the role applies; undefined on the RPCs anyone may call. */
  readonly scope?: Scope;
  /** Unix ms the caller's login token stops being accepted; undefined for an API key. */
  readonly expiresAt?: number;
  /** W3C trace id of the call's span (from the client's traceparent when it sent one). */
  readonly traceId: string;
}

const NO_TRACE = /^0*$/;

/** The call's trace id; without telemetry the span is a no-op with an all-zero id, and a fresh id still ties the call's events together. */
export function traceIdOfCall(): string {
  const active = activeTraceId();
  return NO_TRACE.test(active) ? randomBytes(16).toString('hex') : active;
}
