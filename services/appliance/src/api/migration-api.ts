// GetMigration, ListMigrations, ListMigrationEvents, CancelMigration, RetryMigration, MigrateBack and PurgeCloud over the migration aggregate.
import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '@ferry/errors';
import { foldEvents, handleCommand, type EventStore, type LoadedStream } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { migrationCodec, migrationDecider, migrationStream, type MigrationCommand, type MigrationState } from '../migration';
import type { OnDemandBytesOf } from './cache-api';
import type { Caller } from './caller';
import type { SiteCatalog } from './site-catalog';
import { eventView, migrationView } from './views';

import api = ferry.api.v1;

const MAX_EVENTS = 1000;

export class MigrationApi {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => number = Date.now,
    private readonly onDemandBytesOf?: OnDemandBytesOf,
    /** Pre-copy: the downtime view with a live prediction (downtime-api.ts); without it, what the events recorded. */
    private readonly downtimeOf?: (state: Exclude<MigrationState, { phase: 'initial' }>) => Promise<api.IMigrationDowntime | undefined>,
  ) {}

  private async load(migrationId: string): Promise<{ loaded: LoadedStream; state: Exclude<MigrationState, { phase: 'initial' }> }> {
    if (!/^[A-Za-z0-9_-]+$/.test(migrationId)) {
      throw new ValidationError('migration_id', `"${migrationId}" is not a migration id; use an id from GetPlan's migration_ids`);
    }
    const loaded = await this.store.load(migrationStream(migrationId));
    const state = foldEvents(migrationDecider, loaded.events.map((e) => migrationCodec.decode(e.type, e.payload)));
    if (state.phase === 'initial') throw new NotFoundError(`no migration ${migrationId}; a plan's migrations exist once StartPlan planned them (see GetPlan)`);
    return { loaded, state };
  }

  async getMigration(migrationId: string): Promise<api.IMigration> {
    const { loaded, state } = await this.load(migrationId);
    const view = migrationView(state, loaded.version, loaded.events.at(-1)?.occurredAt.getTime() ?? 0, this.onDemandBytesOf);
    const downtime = await this.downtimeOf?.(state);
    return downtime ? { ...view, downtime } : view;
  }

  /** Migrations by plan, phase or VM, in the order they were planned (ids from the site catalog, each read from its events). */
  async listMigrations(request: api.IListMigrationsRequest, catalog: SiteCatalog): Promise<api.IListMigrationsResponse> {
    const filter = { planId: request.planId ?? '', phase: request.phase ?? 0, vmMoref: request.vmMoref ?? '' };
    const page = await catalog.listMigrations(filter, request.pageSize ?? 0, request.pageToken ?? '');
    return { migrations: await Promise.all(page.ids.map((id) => this.getMigration(id))), nextPageToken: page.nextPageToken, totalSize: page.totalSize };
  }

  /** The stored events in order, each with actor, command id and trace id. */
  async listEvents(request: api.IListMigrationEventsRequest): Promise<api.IListMigrationEventsResponse> {
    const migrationId = request.migrationId ?? '';
    const limit = request.limit ?? 0;
    if (limit < 0) throw new ValidationError('limit', `${limit} is negative; use 0 for up to ${MAX_EVENTS} or a positive count`);
    const after = Number(request.afterSequence ?? 0);
    const { loaded } = await this.load(migrationId);
    const events = loaded.events.filter((e) => e.sequence > after).slice(0, Math.min(limit || MAX_EVENTS, MAX_EVENTS));
    return { events: events.map((e) => eventView(e, migrationId)) };
  }

  private async send(migrationId: string, command: MigrationCommand, caller: Caller): Promise<api.IMigration> {
    await this.load(migrationId);
    const commandId = command.data.meta.commandId;
    await handleCommand(this.store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId, ...caller });
    return this.getMigration(migrationId);
  }

  cancel(request: api.ICancelMigrationRequest, caller: Caller): Promise<api.IMigration> {
    const migrationId = request.migrationId ?? '';
    const reason = request.reason?.trim() || `cancelled by ${caller.actor}`;
    const meta = { commandId: `cancel:${randomUUID()}`, migrationId, at: this.clock() };
    return this.send(migrationId, { type: 'Cancel', data: { meta, reason } }, caller);
  }

  /** Returns a completed warm migration's VM to prem with what it wrote in the cloud. */
  migrateBack(request: api.IMigrateBackRequest, caller: Caller): Promise<api.IMigration> {
    const migrationId = request.migrationId ?? '';
    const reason = request.reason?.trim() || `migrated back by ${caller.actor}`;
    const meta = { commandId: `migrate-back:${randomUUID()}`, migrationId, at: this.clock() };
    return this.send(migrationId, { type: 'MigrateBack', data: { meta, reason, undoPrep: request.undoPrep === true } }, caller);
  }

  /** After a migrate back: removes the cloud VM and its disks, kept powered off until asked. */
  purgeCloud(request: api.IPurgeCloudRequest, caller: Caller): Promise<api.IMigration> {
    const migrationId = request.migrationId ?? '';
    const reason = request.reason?.trim() || `cloud VM purged by ${caller.actor}`;
    const meta = { commandId: `purge-cloud:${randomUUID()}`, migrationId, at: this.clock() };
    return this.send(migrationId, { type: 'PurgeCloud', data: { meta, reason } }, caller);
  }

  /** Pre-copy: cut over once the sync under way completed (CutoverRequested); asking again changes nothing. */
  cutover(request: api.ICutoverRequest, caller: Caller): Promise<api.IMigration> {
    const migrationId = request.migrationId ?? '';
    const reason = request.reason?.trim() || `cutover requested by ${caller.actor}`;
    const meta = { commandId: `cutover:${migrationId}`, migrationId, at: this.clock() };
    return this.send(migrationId, { type: 'RequestCutover', data: { meta, reason } }, caller);
  }

  retry(request: api.IRetryMigrationRequest, caller: Caller): Promise<api.IMigration> {
    const migrationId = request.migrationId ?? '';
    const meta = { commandId: `retry:${randomUUID()}`, migrationId, at: this.clock() };
    return this.send(migrationId, { type: 'Retry', data: { meta } }, caller);
  }
}
