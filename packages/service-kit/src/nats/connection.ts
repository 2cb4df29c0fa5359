import { connect, type NatsConnection } from 'nats';
import { UnavailableError } from '@ferry/errors';

/** Connects to NATS, retrying forever once connected; a first connection failure names the URL. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: false });
  } catch (cause) {
    throw new UnavailableError(`cannot connect to NATS at ${url} (${(cause as Error).message}); start nats-server or set NATS_URL`, { cause });
  }
}

/** Follows a connection's status; `connected()` is false between a disconnect and the reconnect. */
export function trackConnection(nc: NatsConnection, onChange: () => void): { connected(): boolean } {
  let up = !nc.isClosed();
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'error') up = false;
      if (status.type === 'reconnect') up = true;
      onChange();
    }
  })();
  void nc.closed().then(() => {
    up = false;
    onChange();
  });
  return { connected: () => up && !nc.isClosed() };
}
