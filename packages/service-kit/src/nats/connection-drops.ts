// One natsLink per NATS connection, shared by every request on it: a core NATS request whose reply was
// lost with the server (or that never reached the responder) is not answered after the reconnect, so a
// caller waiting for it must hear of the drop instead of waiting out its whole timeout.
import type { NatsConnection } from 'nats';
import { natsLink, type NatsLink } from './connection';

const links = new WeakMap<NatsConnection, NatsLink>();

/** Calls `listener` at each disconnect of the connection (and at its close) until the returned function removes it. */
export function onDrop(nc: NatsConnection, listener: () => void): () => void {
  let link = links.get(nc);
  if (link === undefined) links.set(nc, (link = natsLink(nc)));
  return link.onDown(listener);
}
