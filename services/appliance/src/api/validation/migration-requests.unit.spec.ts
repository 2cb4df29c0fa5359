import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { checkRequest } from './validated-rpc';
import type { FerryRpc } from './request-schemas';

import api = ferry.api.v1;

function refusal(rpc: FerryRpc, request: unknown): string {
  try {
    checkRequest(rpc, request);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('expected the request to be refused');
}

describe('migration request schemas', () => {
  it('take a migration id as GetPlan lists it, with or without a reason', () => {
    for (const rpc of ['GetMigration', 'WatchMigration', 'RetryMigration', 'CancelMigration', 'MigrateBack', 'PurgeCloud', 'ListMigrationEvents'] as const) {
      expect(() => checkRequest(rpc, { migrationId: 'mig-0123abcd-1' })).not.toThrow();
    }
    expect(() => checkRequest('CancelMigration', api.CancelMigrationRequest.create({ migrationId: 'mig-1', reason: 'wrong wave' }))).not.toThrow();
  });

  it('refuse a malformed or overlong migration id, naming the field and where ids come from', () => {
    expect(refusal('GetMigration', api.GetMigrationRequest.create({ migrationId: 'mig/1' }))).toBe(`migration_id: "mig/1" is not a migration id; use an id from GetPlan's migration_ids`);
    expect(refusal('WatchMigration', api.WatchMigrationRequest.create({ migrationId: 'm'.repeat(201) }))).toMatch(/^migration_id: "m{60}…" \(201 characters\) is not a migration id/);
    expect(refusal('RetryMigration', api.RetryMigrationRequest.create())).toMatch(/^migration_id: "" is not a migration id/);
  });

  it('refuse a reason with a control character or over 1000 characters', () => {
    expect(refusal('CancelMigration', api.CancelMigrationRequest.create({ migrationId: 'mig-1', reason: 'ok\u001b[2J' }))).toMatch(/^reason: "ok\\u001b\[2J" contains the control character U\+001B/);
    expect(refusal('PurgeCloud', api.PurgeCloudRequest.create({ migrationId: 'mig-1', reason: 'r'.repeat(1001) }))).toMatch(/^reason: is 1001 characters long, more than 1000/);
    expect(refusal('MigrateBack', api.MigrateBackRequest.create({ migrationId: 'mig-1', reason: 'back\u202e' }))).toMatch(/^reason: .*U\+202E/);
  });

  it('refuse an after_sequence past 2^53-1, printed exactly, and a negative limit', () => {
    const request = api.ListMigrationEventsRequest.decode(api.ListMigrationEventsRequest.encode({ migrationId: 'mig-1', afterSequence: '18446744073709551615' as unknown as number }).finish());
    expect(refusal('ListMigrationEvents', request)).toBe('after_sequence: must be at most 9007199254740991, got 18446744073709551615; send the sequence of the last event you have, or 0 for all');
    expect(refusal('ListMigrationEvents', api.ListMigrationEventsRequest.create({ migrationId: 'mig-1', limit: -1 }))).toBe('limit: must be at least 0, got -1; use 0 for up to 1000 events or a positive count');
  });
});
