// What a migration's stored events tell the schedule book: its plan has begun (MigrationPlanned), when a
// pre-copy migration's cutover is due (CutoverScheduled), and when it is no longer due (asked for, over,
// failed until retried). Only the two events with a payload the book needs are decoded.
import type { RecordedEvent } from '@ferry/event-store';
import { MigrationMode, migrationCodec } from '../migration';
import type { ScheduleBook } from './schedule-book';

const SETTLING: ReadonlySet<string> = new Set(['CutoverRequested', 'MigrationCompleted', 'MigrationCancelled']);

export function readMigrationEvent(book: ScheduleBook, migrationId: string, recorded: RecordedEvent): void {
  if (recorded.type === 'MigrationPlanned' || recorded.type === 'CutoverScheduled') {
    const event = migrationCodec.decode(recorded.type, recorded.payload);
    if (event.type === 'MigrationPlanned') book.migrationPlanned(migrationId, event.data.planId, event.data.mode === MigrationMode.Precopy);
    if (event.type === 'CutoverScheduled') book.cutoverScheduled(migrationId, event.data.atMillis);
  } else if (SETTLING.has(recorded.type)) {
    book.cutoverSettled(migrationId);
  } else if (recorded.type === 'MigrationFailed' || recorded.type === 'MigrationRetried') {
    book.migrationFailed(migrationId, recorded.type === 'MigrationFailed');
  }
}
