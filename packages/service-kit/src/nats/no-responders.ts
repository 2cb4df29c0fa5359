/**
 * Whether a NATS request failed because nothing subscribes to its subject now: NATS answers such a request
 * at once with "no responders" (nats.js: code '503'), where a subscriber that is slow or away lets it time
 * out instead. The service that takes the subject may be restarting or reconnecting, or not deployed. Looks
 * through `error` and its causes (a caller often wraps the NATS error in its own), at most eight deep.
 */
export function noResponders(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '503') return true;
  }
  return false;
}
