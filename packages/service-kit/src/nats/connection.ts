import { connect, type NatsConnection } from 'nats';
import { UnavailableError } from '@ferry/errors';
import { natsConnectionOptions, type NatsClientSettings } from './security/client-options';

/**
 * Connects to NATS as the settings' identity (TLS against the site CA, the service's nkey), retrying
 * forever once connected; a first connection failure names the URL.
 */
export async function connectNats(settings: NatsClientSettings, name: string): Promise<NatsConnection> {
  const options = await natsConnectionOptions(settings);
  try {
    return await connect({ ...options, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: false });
  } catch (cause) {
    const refused = /authorization|authentication/i.test((cause as Error).message) ? '; check that NATS_CREDENTIALS_FILE holds the seed of a user the server config lists' : '; start nats-server or set NATS_URL';
    throw new UnavailableError(`cannot connect to NATS at ${settings.url} (${(cause as Error).message})${refused}`, { cause });
  }
}

/** A NATS connection as a caller that must not wait on a dead link reads it. */
export interface NatsLink {
  /** False between a disconnect and the reconnect, and once the connection is closed. */
  connected(): boolean;
  /** The server the client dials, as a nats:// URL (the one it reconnects to while down). */
  server(): string;
  /** How long the link has been down, in ms; 0 while connected. */
  downForMs(): number;
  /** Calls `listener` at each disconnect and at close; returns a function that removes it. */
  onDown(listener: () => void): () => void;
  /** Calls `listener` at each reconnect; returns a function that removes it. */
  onUp(listener: () => void): () => void;
  /**
   * True when the server answers a PING within `withinMs`, or sends anything else meanwhile: the link
   * carries traffic, it does not only look open. (Under a burst of reads the PONG queues behind the
   * messages the server is delivering; a busy link is not a dead one.)
   */
  answers(withinMs: number): Promise<boolean>;
}

/**
 * Follows a connection's status events. Only a disconnect or the close takes the link down: nats.js
 * also reports server errors (a permissions violation, say) as status 'error' on a connection that
 * stays up, and one that does not stay up is followed by 'disconnect'.
 */
export function natsLink(nc: NatsConnection, onChange: () => void = () => undefined): NatsLink {
  let downSince = nc.isClosed() || reconnecting(nc) ? Date.now() : 0;
  const listeners = new Set<() => void>();
  const upListeners = new Set<() => void>();
  const down = (): void => {
    if (downSince === 0) downSince = Date.now();
    for (const listener of [...listeners]) listener();
    onChange();
  };
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') down();
      else if (status.type === 'reconnect') {
        downSince = 0;
        for (const listener of [...upListeners]) listener();
        onChange();
      }
    }
  })();
  void nc.closed().then(down);
  return {
    connected: () => downSince === 0 && !nc.isClosed() && !reconnecting(nc),
    server: () => `nats://${nc.getServer()}`,
    downForMs: () => (downSince === 0 ? 0 : Date.now() - downSince),
    onDown(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onUp(listener) {
      upListeners.add(listener);
      return () => void upListeners.delete(listener);
    },
    async answers(withinMs) {
      const receivedBefore = nc.stats().inBytes;
      let timer: NodeJS.Timeout | undefined;
      // The verdict waits one turn past the timer (setImmediate runs after the loop has read its sockets):
      // when this process's own loop was busy, what the server sent meanwhile is read before it is judged.
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => setImmediate(() => resolve(false)), withinMs)));
      // rtt() rejects at once on a disconnected client; a PING that never gets its PONG stays pending until nats.js gives up on the link.
      let ponged = false;
      const pong = nc.rtt().then(() => (ponged = true), () => false);
      try {
        const answered = await Promise.race([pong, late]);
        return answered || ponged || (!nc.isClosed() && nc.stats().inBytes > receivedBefore);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Whether the client is between a disconnect and its reconnect now, for a link made while it is: the
 * status events only tell what happens after they are followed. nats.js keeps this in its protocol
 * handler, which its typings expose (`NatsConnectionImpl.protocol.connected`).
 */
function reconnecting(nc: NatsConnection): boolean {
  return (nc as { protocol?: { connected?: unknown } }).protocol?.connected === false;
}

/** Follows a connection's status for health checks; `connected()` is false between a disconnect and the reconnect. */
export function trackConnection(nc: NatsConnection, onChange: () => void): { connected(): boolean } {
  return natsLink(nc, onChange);
}
