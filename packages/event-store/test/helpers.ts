import type { NatsConnection } from 'nats';
import { startNatsSession, type NatsHandle } from '@ferry/testing';
import { JetStreamEventStore, type EventStreamOptions, type NewEvent } from '../src';

/** A fresh nats-server, a connection and an opened store; close() tears all of it down. */
export interface StoreFixture {
  nats: NatsHandle;
  connection: NatsConnection;
  store: JetStreamEventStore;
  close(): Promise<void>;
}

export async function openStoreFixture(options: EventStreamOptions = {}): Promise<StoreFixture> {
  const session = await startNatsSession();
  try {
    return { ...session, store: await JetStreamEventStore.open(session.connection, options) };
  } catch (error) {
    await session.close();
    throw error;
  }
}

export function event(type: string, data: unknown): NewEvent {
  return { type, payload: Buffer.from(JSON.stringify(data)) };
}

let counter = 0;
/** Metadata for one command; ids are unique within the test run. */
export function command(expectedVersion: number, commandId = `cmd-${process.pid}-${++counter}`) {
  return { expectedVersion, commandId, actor: 'operator:test', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };
}
