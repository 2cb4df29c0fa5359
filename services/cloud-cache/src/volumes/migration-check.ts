/**
 * Whether a migration exists: the appliance's event store keeps each migration's events on
 * `ferry.evt.migration.<id>` in the JetStream stream FERRY_EVENTS, so a migration is known when that
 * subject holds at least one message. The registry takes the check as a function, so unit tests
 * pass their own and the service wires this one.
 */
import { UnavailableError } from '@ferry/errors';
// Types only: the connection is the service kit's (NATS_CONNECTION); nothing of nats is loaded here.
import type { NatsConnection } from 'nats';

/** Resolves true when the migration `id` has events; rejects when that cannot be found out. */
export type MigrationKnown = (id: string) => Promise<boolean>;

/** Where the event store keeps migrations (the event store's defaults). */
export interface MigrationEvents {
  stream: string;
  subjectPrefix: string;
}

export const MIGRATION_EVENTS: MigrationEvents = { stream: 'FERRY_EVENTS', subjectPrefix: 'ferry.evt.migration' };

/** JetStream API error codes (nats-server's errors.json). */
const NO_MESSAGE_FOUND = 10037;
const STREAM_NOT_FOUND = 10059;

/** The subject a migration's events are stored on. */
export const migrationSubject = (id: string, events: MigrationEvents = MIGRATION_EVENTS): string => `${events.subjectPrefix}.${id}`;

/** Asks JetStream for the last message on the migration's subject (one direct lookup, no consumer). */
export function jetStreamMigrationCheck(nc: NatsConnection, events: MigrationEvents = MIGRATION_EVENTS): MigrationKnown {
  return async (id) => {
    const subject = migrationSubject(id, events);
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.getMessage(events.stream, { last_by_subj: subject });
      return true;
    } catch (error) {
      const code = (error as { api_error?: { err_code?: number } } | null)?.api_error?.err_code;
      // No stream yet means no migration was ever stored.
      if (code === NO_MESSAGE_FOUND || code === STREAM_NOT_FOUND) return false;
      const why = (error as Error).message;
      throw new UnavailableError(`cannot look up ${subject} in stream ${events.stream} (${why}); check that nats-server runs with JetStream, then retry`, {
        cause: error,
      });
    }
  };
}
