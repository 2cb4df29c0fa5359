// GetMigration, ListMigrations, ListMigrationEvents, CancelMigration, RetryMigration, MigrateBack and PurgeCloud over the migration aggregate.
import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '@ferry/errors';
import { foldEvents, handleCommand, type EventStore, type LoadedStream } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { migrationCodec, migrationDecider, migrationStream, type MigrationCommand, type MigrationState } from '../migration';
import type { OnDemandBytesOf } from './cache-api';
import type { Caller } from './caller';
import { SiteCatalog, type MigrationEntry } from './site-catalog';
import { eventView, migrationView } from './views';

import api = ferry.api.v1;

const MAX_EVENTS = 1000;

/** A migration that exists, as the site catalog holds it. */
type CurrentMigration = MigrationEntry & { readonly state: Exclude<MigrationState, { phase: 'initial' }> };

export class MigrationApi {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => number = Date.now,
    private readonly onDemandBytesOf?: OnDemandBytesOf,
    /** Pre-copy: the downtime view with a live prediction (downtime-api.ts); without it, what the events recorded. */
    private readonly downtimeOf?: (state: Exclude<MigrationState, { phase: 'initial' }>) => Promise<api.IMigrationDowntime | undefined>,
    /** The site's migrations as their events left them (the API shares one with its list RPCs). */
    private readonly catalog: SiteCatalog = new SiteCatalog(store),
  ) {}

  private static checkId(migrationId: string): void {
    if (!/^[A-Za-z0-9_-]+$/.test(migrationId)) {
      throw new ValidationError('migration_id', `"${migrationId}" is not a migration id; use an id from GetPlan's migration_ids`);
    }
  }

  private static notFound(migrationId: string): NotFoundError {
    return new NotFoundError(`no migration ${migrationId}; a plan's migrations exist once StartPlan planned them (see GetPlan)`);
  }

  /** Its whole history, for the calls that show the events themselves. */
  private async load(migrationId: string): Promise<{ loaded: LoadedStream; state: Exclude<MigrationState, { phase: 'initial' }> }> {
    MigrationApi.checkId(migrationId);
    const loaded = await this.store.load(migrationStream(migrationId));
    const state = foldEvents(migrationDecider, loaded.events.map((e) => migrationCodec.decode(e.type, e.payload)));
    if (state.phase === 'initial') throw MigrationApi.notFound(migrationId);
    return { loaded, state };
  }

  /** The migration as the store holds it now, from the site catalog: one read of what was stored since, not its history. */
  private async current(migrationId: string): Promise<CurrentMigration> {
    MigrationApi.checkId(migrationId);
    await this.catalog.catchUp();
    const entry = this.catalog.migration(migrationId);
    if (!entry || entry.state.phase === 'initial') throw MigrationApi.notFound(migrationId);
    return { state: entry.state, version: entry.version, updatedAt: entry.updatedAt };
  }

  async getMigration(migrationId: string): Promise<api.IMigration> {
    return this.view(await this.current(migrationId));
  }

  /** Migrations by plan, phase or VM, in the order they were planned (ids and states from the site catalog, as of one catch-up). */
  async listMigrations(request: api.IListMigrationsRequest): Promise<api.IListMigrationsResponse> {
    const filter = { planId: request.planId ?? '', phase: request.phase ?? 0, vmMoref: request.vmMoref ?? '' };
    const page = await this.catalog.listMigrations(filter, request.pageSize ?? 0, request.pageToken ?? '');
    const entries = page.ids.map((id) => this.catalog.migration(id)).filter((e): e is CurrentMigration => e !== undefined && e.state.phase !== 'initial');
    return { migrations: await Promise.all(entries.map((entry) => this.view(entry))), nextPageToken: page.nextPageToken, totalSize: page.totalSize };
  }

  private async view({ state, version, updatedAt }: CurrentMigration): Promise<api.IMigration> {
    const view = migrationView(state, version, updatedAt, this.onDemandBytesOf);
    const downtime = await this.downtimeOf?.(state);
    return downtime ? { ...view, downtime } : view;
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
    await this.current(migrationId);
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
