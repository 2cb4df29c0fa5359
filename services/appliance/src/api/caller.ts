// Who calls the integrator API and within which trace: goes into every stored event's audit fields.
import { randomBytes } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { ValidationError } from '@ferry/errors';
import { activeTraceId } from '@ferry/service-kit';

/** Metadata key a client names its actor with, as "<kind>:<id>" (the CLI sends "operator:<user>"). */
export const ACTOR_METADATA_KEY = 'x-ferry-actor';

/** The audit identity of one API call. */
export interface Caller {
  /** "<kind>:<id>", e.g. "operator:alice"; "integrator:anonymous" when the client names none. */
  readonly actor: string;
  /** W3C trace id of the call's span (from the client's traceparent when it sent one). */
  readonly traceId: string;
}

const ACTOR = /^(operator|integrator|service):[A-Za-z0-9._@-]{1,128}$/;
const NO_TRACE = /^0*$/;

export function callerOf(metadata: Metadata): Caller {
  const given = metadata.get(ACTOR_METADATA_KEY)[0];
  const actor = given === undefined ? 'integrator:anonymous' : String(given);
  if (!ACTOR.test(actor)) {
    throw new ValidationError(ACTOR_METADATA_KEY, `"${actor}" is not "<operator|integrator|service>:<name>"; send e.g. "operator:alice" or leave it out`);
  }
  const active = activeTraceId();
  // Without telemetry the span is a no-op with an all-zero id; a fresh id still ties the call's events together.
  const traceId = NO_TRACE.test(active) ? randomBytes(16).toString('hex') : active;
  return { actor, traceId };
}
