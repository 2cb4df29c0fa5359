// A guest-prep command that starts a run (prepare, fixup, restore) may wait minutes for its reply. A reply
// can be lost while the appliance's own NATS connection stays up: a node of a NATS cluster dies with the
// message in it, or the guest-prep replica running the run is killed. natsRequest would then wait out
// the whole timeout (FIXUP_TIMEOUT_MS, 10 min by default). While it waits, this asks guest-prep's
// replicas whether one holds the run (RunOwners); when none does twice in a row, no reply will come, and
// the command goes again under the same run id: guest-prep answers a run that ended from its events,
// refuses one a crash left unfinished (the migration fails, retryable, with that reason) and runs one
// it never received.
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { natsRequest, NatsRunOwners, type RunOwners } from '@ferry/service-kit';

/** The run a command starts: guest-prep records it under `aggregate` ("guestprep" or "fixup") and `id`. */
export interface GuestPrepRun {
  readonly aggregate: 'guestprep' | 'fixup';
  readonly id: string;
}

export interface GuestPrepRunRequestOptions {
  readonly timeoutMs: number;
  /** How often the run's holder is asked for while the reply is awaited. Default 5 s. */
  readonly checkEveryMs?: number;
  /** Who is asked; default guest-prep's replicas over `nc`. */
  readonly owners?: RunOwners;
}

const logger = new Logger('guest-prep runs');

/** natsRequest for a command that starts a guest-prep run, sent again when no replica holds the run any more (see above). */
export async function requestGuestPrepRun<T>(nc: NatsConnection, subject: string, command: unknown, run: GuestPrepRun, options: GuestPrepRunRequestOptions): Promise<T> {
  const owners = options.owners ?? new NatsRunOwners(nc, 'guest-prep');
  const checkEveryMs = options.checkEveryMs ?? 5_000;
  const deadline = Date.now() + options.timeoutMs;
  for (let sent = 1; ; sent++) {
    const reply = natsRequest<T>(nc, subject, command, { timeoutMs: Math.max(1, deadline - Date.now()) });
    const checks = new AbortController();
    const lost = nobodyHolds(owners, run, checkEveryMs, checks.signal);
    lost.catch(() => undefined); // aborted once the reply is in
    try {
      const first = await Promise.race([reply.then((value) => ({ value })), lost]);
      if (first !== 'lost') return first.value;
    } finally {
      checks.abort();
    }
    reply.catch(() => undefined); // abandoned: it settles at its own timeout
    if (Date.now() >= deadline) return reply;
    logger.warn(`${subject} (run ${run.id}): no guest-prep replica holds the run in two checks ${checkEveryMs / 1000} s apart, so its reply will not come; sending the command again (send ${sent + 1}, same run id)`);
  }
}

/** Resolves "lost" once two checks in a row find no replica holding the run; never while one does. Rejects once `signal` aborts. */
async function nobodyHolds(owners: RunOwners, run: GuestPrepRun, everyMs: number, signal: AbortSignal): Promise<'lost'> {
  for (let misses = 0; misses < 2; ) {
    await sleep(everyMs, undefined, { signal });
    // No answer about the holder is no proof of loss.
    misses = (await owners.held(run.aggregate, run.id).catch(() => true)) ? 0 : misses + 1;
  }
  return 'lost';
}
