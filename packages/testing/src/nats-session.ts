import { connect, type NatsConnection } from 'nats';
import { startPlainNats, type NatsHandle, type StartNatsOptions } from './nats';

/** A fresh bare nats-server (startPlainNats: no TLS, no identities) and one client connection to it, for tests of libraries on JetStream. */
export interface NatsSession {
  readonly nats: NatsHandle;
  readonly connection: NatsConnection;
  /** Closes the connection, then stops the server (and removes its temp store). */
  close(): Promise<void>;
}

/** Starts a bare nats-server (see startPlainNats) and connects to it; a failed connect stops the server again. */
export async function startNatsSession(options: StartNatsOptions = {}): Promise<NatsSession> {
  const nats = await startPlainNats(options);
  try {
    const connection = await connect({ servers: nats.url });
    return {
      nats,
      connection,
      close: async () => {
        await connection.close();
        await nats.stop();
      },
    };
  } catch (error) {
    await nats.stop();
    throw error;
  }
}
