// One natsLink per NATS connection, shared by every request on it: a core NATS request whose reply was
// lost with the server (or that never reached the responder) is not answered after the reconnect, so a
// caller waiting for it must hear of the drop instead of waiting out its whole timeout; and nats.js discards
// what is published while it reconnects (each dial resets its outbound buffer), so a request made while
// the link is down must wait for the reconnect before it is sent.
import type { NatsConnection } from 'nats';
import { natsLink, type NatsLink } from './connection';

const links = new WeakMap<NatsConnection, NatsLink>();

function linkOf(nc: NatsConnection): NatsLink {
  let link = links.get(nc);
  if (link === undefined) links.set(nc, (link = natsLink(nc)));
  return link;
}

/** Calls `listener` at each disconnect of the connection (and at its close) until the returned function removes it. */
export function onDrop(nc: NatsConnection, listener: () => void): () => void {
  return linkOf(nc).onDown(listener);
}

/** Whether the connection is up now (between a disconnect and the reconnect it is not). */
export function connectedNow(nc: NatsConnection): boolean {
  return linkOf(nc).connected();
}

/**
 * Resolves true at once while the connection is up, else at its reconnect; false if it is not back within
 * `withinMs` or is closed. (nats.js drops what is published while it reconnects, so a request must wait.)
 */
export function whenConnected(nc: NatsConnection, withinMs: number): Promise<boolean> {
  const link = linkOf(nc);
  if (link.connected()) return Promise.resolve(true);
  if (nc.isClosed()) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (up: boolean): void => {
      clearTimeout(timer);
      stopUp();
      stopClose();
      resolve(up);
    };
    const timer = setTimeout(() => done(false), withinMs);
    const stopUp = link.onUp(() => done(true));
    const stopClose = link.onDown(() => nc.isClosed() && done(false));
  });
}
