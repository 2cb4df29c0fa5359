import { connect, type NatsConnection } from 'nats';
import { startNats, type NatsHandle, type StartNatsOptions } from './nats';

/** A fresh nats-server and one client connection to it. */
export interface NatsSession {
  readonly nats: NatsHandle;
  readonly connection: NatsConnection;
  /** Closes the connection, then stops the server (and removes its temp store). */
  close(): Promise<void>;
}

/** Starts a nats-server (see startNats) and connects to it; a failed connect stops the server again. */
export async function startNatsSession(options: StartNatsOptions = {}): Promise<NatsSession> {
  const nats = await startNats(options);
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
