import type { NatsConnection, Subscription } from 'nats';

/** The aggregates a guest-prep run records its events under. */
export type RunAggregate = 'guestprep' | 'fixup';

/**
 * Which guest-prep replica runs a run now. A command sent again (after a NATS drop, say) may reach a
 * replica of the queue group other than the one still running it; that replica asks here, and follows
 * the run to its end instead of taking it for one a crash left unfinished.
 */
export interface RunOwners {
  /** Answers for the run until the returned release is called (when the run has ended here). */
  hold(aggregate: RunAggregate, id: string): Promise<() => Promise<void>>;
  /** Whether a replica (this one included) holds the run now. */
  held(aggregate: RunAggregate, id: string): Promise<boolean>;
}

/** nats.js codes of a question that got no answer yet: the holder, or this connection, may be away for a while. */
const NO_ANSWER_YET = new Set(['TIMEOUT', 'DISCONNECT', 'CONNECTION_REFUSED', 'CONNECTION_TIMEOUT']);

/** The subject a run's holder answers on; the id is base64url, so any id makes one token. */
export function runOwnerSubject(aggregate: RunAggregate, id: string): string {
  return `ferry.cmd.guest-prep.run-owner.${aggregate}.${Buffer.from(id).toString('base64url')}`;
}

/**
 * RunOwners over core NATS: the holder subscribes to the run's subject (no queue group) and answers
 * every question; nobody subscribed makes NATS answer "no responders" at once. A holder that does not
 * answer in time (a process frozen, a connection away) counts as holding: the caller asks again later,
 * and its own timeout bounds the wait. A holder that died takes its subscription with it.
 */
export class NatsRunOwners implements RunOwners {
  constructor(
    private readonly nc: NatsConnection,
    private readonly answerWithinMs = 2_000,
  ) {}

  async hold(aggregate: RunAggregate, id: string): Promise<() => Promise<void>> {
    const subscription: Subscription = this.nc.subscribe(runOwnerSubject(aggregate, id), {
      callback: (error, message) => {
        if (!error) message.respond();
      },
    });
    // The server has the subscription once a round trip returns: from here on, another replica sees the run held.
    await this.nc.flush();
    return async () => {
      subscription.unsubscribe();
      await this.nc.flush().catch(() => undefined);
    };
  }

  async held(aggregate: RunAggregate, id: string): Promise<boolean> {
    try {
      await this.nc.request(runOwnerSubject(aggregate, id), undefined, { timeout: this.answerWithinMs });
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === '503') return false;
      if (typeof code === 'string' && NO_ANSWER_YET.has(code)) return true;
      throw error; // e.g. a permissions violation: waiting would not end it
    }
  }
}
