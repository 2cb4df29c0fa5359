import type { NatsConnection, Subscription } from 'nats';
import { noResponders } from './no-responders';

/**
 * Which replica of a service runs a long run (a guest-prep fixup, say) now. A command sent again (after
 * a NATS drop) may reach a replica of the queue group other than the one still running it; that replica
 * asks here, and follows the run to its end instead of taking it for one a crash left unfinished. The
 * caller of the command asks too, while it waits: a run nobody holds will send no reply.
 */
export interface RunOwners {
  /** Answers for the run until the returned release is called (when the run's end is recorded). */
  hold(aggregate: string, id: string): Promise<() => Promise<void>>;
  /** Whether a replica holds the run now. */
  held(aggregate: string, id: string): Promise<boolean>;
}

/** nats.js codes of a question that got no answer yet: the holder, or this connection, may be away for a while. */
const NO_ANSWER_YET = new Set(['TIMEOUT', 'DISCONNECT', 'CONNECTION_REFUSED', 'CONNECTION_TIMEOUT']);

/** The subject a holder of one of `service`'s runs answers on; the id is base64url, so any id makes one token. */
export function runOwnerSubject(service: string, aggregate: string, id: string): string {
  return `ferry.cmd.${service}.run-owner.${aggregate}.${Buffer.from(id).toString('base64url')}`;
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
    /** The service whose runs these are, e.g. "guest-prep": its replicas may subscribe to its commands' subjects. */
    private readonly service: string,
    private readonly answerWithinMs = 2_000,
  ) {}

  async hold(aggregate: string, id: string): Promise<() => Promise<void>> {
    const subscription: Subscription = this.nc.subscribe(runOwnerSubject(this.service, aggregate, id), {
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

  async held(aggregate: string, id: string): Promise<boolean> {
    try {
      await this.nc.request(runOwnerSubject(this.service, aggregate, id), undefined, { timeout: this.answerWithinMs });
      return true;
    } catch (error) {
      if (noResponders(error)) return false;
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && NO_ANSWER_YET.has(code)) return true;
      throw error; // e.g. a permissions violation: waiting would not end it
    }
  }
}
