// One watch per NATS connection for the moments it drops: a core NATS request whose reply was lost
// with the server (or that never reached the responder) is not answered after the reconnect, so a
// caller waiting for it must hear of the drop instead of waiting out its whole timeout.
import type { NatsConnection } from 'nats';

const watchers = new WeakMap<NatsConnection, Set<() => void>>();

/**
 * Calls `listener` at the connection's next disconnect (or its close). Returns a function that removes it.
 * One status iterator serves every listener of a connection.
 */
export function onNextDrop(nc: NatsConnection, listener: () => void): () => void {
  let listeners = watchers.get(nc);
  if (listeners === undefined) {
    const created = new Set<() => void>();
    listeners = created;
    watchers.set(nc, created);
    const fire = (): void => {
      const now = [...created];
      created.clear();
      for (const each of now) each();
    };
    void (async () => {
      for await (const status of nc.status()) if (status.type === 'disconnect') fire();
    })();
    void nc.closed().then(fire);
  }
  const registered = listeners;
  registered.add(listener);
  return () => void registered.delete(listener);
}
