// The event store as the integrator API uses it: while NATS is unreachable a call answers UNAVAILABLE
// at once, naming NATS, instead of waiting for nats.js's own timeouts (5 s a JetStream request, longer
// for a read of many) and then failing INTERNAL with "TIMEOUT". Only the API's view is bounded: the
// migration runner keeps the store's own semantics (it waits and retries its steps).
import { FerryError, UnavailableError } from '@ferry/errors';
import type { AppendOptions, EventStore, NewEvent, StoredBatch, StreamRef } from '@ferry/event-store';
import type { NatsLink } from '@ferry/service-kit';

/** How long a store operation may go unanswered before the link is checked, and how long the check may take. */
export interface StoreGuardOptions {
  /** Default 600 ms. */
  readonly checkAfterMs?: number;
  /**
   * Default 1200 ms: with checkAfterMs, a silent link is answered UNAVAILABLE within 1.8 s. (500 ms
   * refused reads of a live store while sixteen callers polled it on a loaded machine.)
   */
  readonly pingWithinMs?: number;
}

/** nats.js error codes that mean the server or JetStream did not answer (not that the request was wrong). */
const NO_ANSWER = new Set(['TIMEOUT', '503', 'CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'DISCONNECT', 'CONNECTION_REFUSED', 'CONNECTION_TIMEOUT', '408']);

/** The message every "store unreachable" answer ends with: what the operator can do about it. */
const RETRY_HINT = 'the appliance retries; try again shortly';

function unreachable(link: NatsLink, why: string, cause?: unknown): UnavailableError {
  return new UnavailableError(`the event store (NATS JetStream at ${link.server()}) is unreachable (${why}); ${RETRY_HINT}`, { cause });
}

function disconnected(link: NatsLink, cause?: unknown): UnavailableError {
  return unreachable(link, `disconnected ${(link.downForMs() / 1000).toFixed(1)} s ago`, cause);
}

/** A store failure as the API's caller should see it: a lost or silent link is UNAVAILABLE naming NATS; a refusal stands. */
function translate(link: NatsLink, error: unknown): unknown {
  if (error instanceof FerryError && !(error instanceof UnavailableError)) return error;
  if (!link.connected()) return disconnected(link, error);
  if (error instanceof UnavailableError) return unreachable(link, error.message, error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NO_ANSWER.has(code)) return unreachable(link, `JetStream answered ${code}: ${(error as Error).message}`, error);
  return error;
}

/**
 * Wraps `store` so each operation from the API first checks `link` (down: UNAVAILABLE at once), is
 * abandoned when the link drops while it runs, and, when it has had no answer after checkAfterMs,
 * pings the server: no PONG within pingWithinMs is UNAVAILABLE too. A server that answers the ping
 * is merely slow, and the operation goes on. An abandoned append may still be stored; the command id
 * makes a retry of the same command land once.
 */
export function guardStore(store: EventStore, link: NatsLink, options: StoreGuardOptions = {}): EventStore {
  const checkAfterMs = options.checkAfterMs ?? 600;
  const pingWithinMs = options.pingWithinMs ?? 1200;

  /** Runs `operation` bounded as described above; `discard` releases what an abandoned operation produces after all. */
  function guarded<T>(operation: () => Promise<T>, discard?: (late: T) => void): Promise<T> {
    if (!link.connected()) return Promise.reject(disconnected(link));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let check: NodeJS.Timeout | undefined;
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(check);
        removeListener();
        finish();
      };
      const removeListener = link.onDown(() => settle(() => reject(disconnected(link))));
      // Re-armed while the server answers pings: slow is not unreachable, a link that goes silent later is.
      const arm = (): void => {
        check = setTimeout(() => {
          void link.answers(pingWithinMs).then((answered) => {
            if (settled) return;
            if (answered) arm();
            else settle(() => reject(unreachable(link, `no answer to a ping within ${pingWithinMs} ms`)));
          });
        }, checkAfterMs);
      };
      arm();
      new Promise<T>((run) => run(operation())).then(
        (value) => (settled ? discard?.(value) : settle(() => resolve(value))),
        (error: unknown) => settle(() => reject(translate(link, error))),
      );
    });
  }

  return {
    append: (stream: StreamRef, events: readonly NewEvent[], appendOptions: AppendOptions) => guarded(() => store.append(stream, events, appendOptions)),
    load: (stream: StreamRef) => guarded(() => store.load(stream)),
    lastSequence: () => guarded(() => store.lastSequence()),
    // Only opening the subscription is bounded: a watch already following is left to the subscription's own recovery.
    subscribe: (fromSequence: number, handler: (batch: StoredBatch) => Promise<void>) =>
      guarded(() => store.subscribe(fromSequence, handler), (late) => void late.stop().catch(() => undefined)),
    async *replayAll() {
      if (!link.connected()) throw disconnected(link);
      yield* store.replayAll();
    },
  };
}
