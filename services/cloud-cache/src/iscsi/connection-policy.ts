/**
 * How long a connection may take to log in, how many connections the portal holds, and how an idle
 * logged-in connection is probed (RFC 7143 §11.19: a NOP-In with a valid Target Transfer Tag must be
 * answered by a NOP-Out). Without these a client could hold the target's sockets for ever.
 */
import { ValidationError } from '@ferry/errors';

/** Connection hygiene settings of one portal. */
export interface ConnectionPolicy {
  /** A connection that has not reached full feature phase this long after accept is closed. */
  loginTimeoutMs: number;
  /** Connections held at once from one initiator address; the next is refused. */
  maxConnectionsPerAddress: number;
  /** Connections held at once in total; the next is refused. */
  maxConnections: number;
  /** A logged-in connection that sent no PDU for this long is sent a NOP-In ping. */
  nopIntervalMs: number;
  /** A ping not answered (and no other PDU received) within this long closes the connection. */
  nopTimeoutMs: number;
}

export const DEFAULT_CONNECTION_POLICY: Readonly<ConnectionPolicy> = {
  loginTimeoutMs: 15_000,
  maxConnectionsPerAddress: 64,
  maxConnections: 1024,
  nopIntervalMs: 30_000,
  nopTimeoutMs: 15_000,
};

/** Bounds of each setting: Node timers take at most 2^31-1 ms. */
const BOUNDS: Record<keyof ConnectionPolicy, [number, number]> = {
  loginTimeoutMs: [10, 2_147_483_647],
  maxConnectionsPerAddress: [1, 1_000_000],
  maxConnections: [1, 1_000_000],
  nopIntervalMs: [10, 2_147_483_647],
  nopTimeoutMs: [10, 2_147_483_647],
};

/** The defaults overridden by `given`; a value out of bounds is a ValidationError naming it. */
export function connectionPolicyOf(given: Partial<ConnectionPolicy> = {}): ConnectionPolicy {
  const policy = { ...DEFAULT_CONNECTION_POLICY, ...given };
  for (const key of Object.keys(BOUNDS) as (keyof ConnectionPolicy)[]) {
    const [min, max] = BOUNDS[key];
    const value = policy[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ValidationError(`connections.${key}`, `${String(value)} is not an integer from ${min} to ${max}; leave it out for the default ${DEFAULT_CONNECTION_POLICY[key]}`);
    }
  }
  return policy;
}
