/**
 * The volumes made by command: create, describe, list, delete and the written-chunk map, each
 * persisted under CACHE_DIR/volumes so a restart (kill -9 included) serves them again with their
 * chunk stores and bitmaps. A refused create leaves nothing behind; a delete is refused while an
 * initiator is logged in.
 */
import { IllegalStateError, NotFoundError } from '@ferry/errors';
import type { IoSummary } from '../analyzer/io-stats';
import type { BootProfiles } from '../boot-profile/boot-profiles';
import type { CacheVolume } from '../cache/cache-volume';
import type { RemoteFetcherFactory } from '../cache/remote-source';
import type { ChapCredentials } from '../iscsi/login';
import type { IscsiTarget } from '../iscsi/portal-context';
import { migrationSubject, type MigrationKnown } from './migration-check';
import { openServedVolume, type ServedVolume } from './served-volume';
import { validateCreate } from './validate-create';
import { volumeKey, type CreateVolumeInput, type LunDefinition, type VolumeDefinition } from './volume-definition';
import { VolumeFiles } from './volume-files';
import { statusOf, type VolumeStatus } from './volume-status';

/** The part of the iSCSI portal the registry uses (IscsiPortal has it). */
export interface TargetPortal {
  target(name: string): IscsiTarget | undefined;
  addTarget(target: IscsiTarget): void;
  removeTarget(name: string): boolean;
  sessionsOf(name: string): Array<{ initiatorName: string }>;
}

/** What the registry is made with. */
export interface VolumeRegistryDeps {
  /** Directory of the command-made volumes (CACHE_DIR/volumes). */
  root: string;
  fetchers: RemoteFetcherFactory;
  migrationKnown: MigrationKnown;
  portal: TargetPortal;
  now: () => number;
  /** Boot profiles of LUNs created with a boot profile key (prefetched or recorded); absent: keys are logged and ignored. */
  bootProfiles?: BootProfiles;
  log?: (line: string) => void;
}

/** One page of a LUN's written-chunk map. */
export interface WrittenPage {
  iqn: string;
  lun: number;
  chunkSize: number;
  indexes: number[];
  more: boolean;
  nextIndex: number;
  totalWritten: number;
}

/** Most indexes in one written-chunks reply: 4 bytes each keeps it well inside NATS's 1 MiB payload. */
export const MAX_WRITTEN_PAGE = 65536;

export class VolumeRegistry {
  private readonly served = new Map<string, ServedVolume>();
  /** IQNs a create or delete is working on, so two commands never race on one volume. */
  private readonly busy = new Set<string>();
  private readonly files: VolumeFiles;
  private readonly log: (line: string) => void;

  constructor(private readonly deps: VolumeRegistryDeps) {
    this.files = new VolumeFiles(deps.root);
    this.log = deps.log ?? (() => undefined);
  }

  /** Serves every persisted volume again; a volume whose files are damaged is logged and skipped. */
  async restore(): Promise<number> {
    await this.files.sweep();
    for (const dir of await this.files.list()) {
      try {
        const served = await openServedVolume(await this.files.read(dir), dir, this.deps.fetchers);
        this.deps.portal.addTarget(served.target);
        this.served.set(served.definition.iqn, served);
      } catch (error) {
        this.log(`volume in ${dir} is not served: ${(error as Error).message}`);
      }
    }
    return this.served.size;
  }

  async create(input: CreateVolumeInput): Promise<VolumeStatus> {
    const { luns, chap, initiators } = validateCreate(input);
    const { iqn } = input;
    const existing = this.served.get(iqn);
    if (existing) return this.retried(existing, input.requestId, luns, chap, initiators);
    this.refuseBusy(iqn);
    if (this.deps.portal.target(iqn)) throw new IllegalStateError(`target ${iqn} is already served (from CACHE_TARGETS); choose another IQN`);
    this.busy.add(iqn);
    try {
      await this.checkMigrations(luns);
      const definition: VolumeDefinition = { iqn, luns, chap, initiators, requestId: input.requestId, createdAt: this.deps.now() };
      const dir = await this.files.write(definition);
      let opened: ServedVolume | undefined;
      try {
        opened = await openServedVolume(definition, dir, this.deps.fetchers);
        this.deps.portal.addTarget(opened.target);
      } catch (error) {
        await opened?.close().catch(() => undefined);
        await this.files.remove(iqn).catch(() => undefined);
        throw error;
      }
      const served = opened;
      this.served.set(iqn, served);
      await this.attachBootProfiles(served);
      this.log(`volume ${iqn} created: ${luns.map(describeLun).join('; ')}; CHAP user ${chap.user}${chap.mutual ? ', mutual' : ''}; ${admitted(initiators)}`);
      if (initiators.length === 0) {
        this.log(`WARNING: volume ${iqn} has no initiator allow list: any initiator that knows its CHAP secret may log in; give "initiators" (the cloud hosts' iSCSI names) in create-volume to limit it`);
      }
      return statusOf(served, []);
    } finally {
      this.busy.delete(iqn);
    }
  }

  describe(iqn: string): VolumeStatus {
    const served = this.get(iqn);
    return statusOf(served, this.initiatorsOf(iqn));
  }

  list(): VolumeStatus[] {
    return [...this.served.values()].map((s) => statusOf(s, this.initiatorsOf(s.definition.iqn))).sort((a, b) => a.iqn.localeCompare(b.iqn));
  }

  /** Stops serving the volume and removes its files; refused while an initiator is logged in. */
  async delete(iqn: string): Promise<void> {
    const served = this.get(iqn);
    this.refuseBusy(iqn);
    const initiators = this.initiatorsOf(iqn);
    if (initiators.length > 0) {
      throw new IllegalStateError(
        `volume ${iqn} has an iSCSI session logged in from initiator ${initiators.join(', ')}; log it out (or power the VM off), then delete again`,
      );
    }
    // Same tick as the check above: no login can complete in between.
    this.deps.portal.removeTarget(iqn);
    this.served.delete(iqn);
    this.busy.add(iqn);
    try {
      await served.close().catch((error: unknown) => this.log(`volume ${iqn}: closing failed (${(error as Error).message}); removing its files anyway`));
      await this.files.remove(iqn);
      this.log(`volume ${iqn} deleted`);
    } finally {
      this.busy.delete(iqn);
    }
  }

  /** Chunks of one LUN written since creation, ascending, from `fromIndex`, at most `max` (0: {@link MAX_WRITTEN_PAGE}). */
  writtenChunks(iqn: string, lun: number, fromIndex = 0, max = 0): WrittenPage {
    const served = this.get(iqn);
    const volume = served.volumes.get(lun);
    if (!volume) throw new NotFoundError(`volume ${iqn} has no LUN ${lun}; its LUNs are ${[...served.volumes.keys()].join(', ')}`);
    const all = volume.writtenChunks();
    const limit = max > 0 ? Math.min(max, MAX_WRITTEN_PAGE) : MAX_WRITTEN_PAGE;
    const rest = all.filter((i) => i >= fromIndex);
    const more = rest.length > limit;
    const nextIndex = more ? (rest[limit] as number) : 0;
    return { iqn, lun, chunkSize: volume.chunkSize, indexes: rest.slice(0, limit), more, nextIndex, totalWritten: all.length };
  }

  /** The cache volume named "<iqn>/<lun>" (for the feed that hydrates it). */
  volumeOf(key: string): CacheVolume | undefined {
    for (const served of this.served.values()) {
      for (const [lun, volume] of served.volumes) if (volumeKey(served.definition.iqn, lun) === key) return volume;
    }
    return undefined;
  }

  /** IO analyzer summaries of every LUN. */
  summaries(): IoSummary[] {
    return [...this.served.values()].flatMap((s) =>
      [...s.volumes].map(([lun, v]) => {
        const shape = { presentChunks: v.presentChunks(), totalChunks: v.chunkCount, chunkSize: v.chunkSize, writtenChunks: v.writtenCount(), fetchedOnDemandBytes: v.fetchedOnDemandBytes() };
        return v.stats.summary(volumeKey(s.definition.iqn, lun), shape);
      }),
    );
  }

  /** Stops serving every volume and closes them (their files stay for the next start). */
  async close(): Promise<void> {
    const all = [...this.served.values()];
    this.served.clear();
    for (const s of all) this.deps.portal.removeTarget(s.definition.iqn);
    await Promise.all(all.map((s) => s.close()));
  }

  /** Before any initiator reads: each LUN with a key prefetches its stored profile, or records its boot. */
  private async attachBootProfiles(served: ServedVolume): Promise<void> {
    for (const l of served.definition.luns) {
      const volume = served.volumes.get(l.lun);
      if (l.bootProfileKey === undefined || volume === undefined) continue;
      if (this.deps.bootProfiles === undefined) {
        this.log(`volume ${served.definition.iqn} LUN ${l.lun}: boot profile ${l.bootProfileKey} ignored: this registry keeps no boot profiles`);
        continue;
      }
      await this.deps.bootProfiles.attach(volume, l.bootProfileKey).catch((error: Error) => this.log(`volume ${served.definition.iqn} LUN ${l.lun}: boot profile ${l.bootProfileKey} not used (${error.message}); reads are fetched on demand`));
    }
  }

  private get(iqn: string): ServedVolume {
    const served = this.served.get(iqn);
    if (!served) {
      throw new NotFoundError(`no volume ${iqn} in this cache; see ferry.cmd.cloud-cache.list-volumes, or create it with ferry.cmd.cloud-cache.create-volume`);
    }
    return served;
  }

  private initiatorsOf(iqn: string): string[] {
    return [...new Set(this.deps.portal.sessionsOf(iqn).map((s) => s.initiatorName))];
  }

  private refuseBusy(iqn: string): void {
    if (this.busy.has(iqn)) throw new IllegalStateError(`volume ${iqn} is being created or deleted by another command; retry when that finishes`);
  }

  /** A create for an IQN that exists: the same command retried gets the volume, anything else is refused. */
  private retried(existing: ServedVolume, requestId: string, luns: LunDefinition[], chap: ChapCredentials, initiators: string[]): VolumeStatus {
    const d = existing.definition;
    const sameCommand = requestId !== '' && requestId === d.requestId;
    const same = sameCommand && JSON.stringify([luns, chap, initiators]) === JSON.stringify([d.luns, d.chap, d.initiators]);
    if (same) return statusOf(existing, this.initiatorsOf(d.iqn));
    throw new IllegalStateError(
      `volume ${d.iqn} already exists (created at ${new Date(d.createdAt).toISOString()}); ` +
        'choose another IQN, or delete it first (ferry.cmd.cloud-cache.delete-volume)',
    );
  }

  private async checkMigrations(luns: LunDefinition[]): Promise<void> {
    for (const [i, l] of luns.entries()) {
      if (luns.findIndex((o) => o.migrationId === l.migrationId) < i) continue;
      if (!(await this.deps.migrationKnown(l.migrationId))) {
        const subject = migrationSubject(l.migrationId);
        throw new NotFoundError(`luns[${i}].migration_id: migration "${l.migrationId}" has no events on ${subject}; create the migration first, or check the id`);
      }
    }
  }
}

function describeLun(l: LunDefinition): string {
  return `LUN ${l.lun} = ${l.migrationId}/${l.diskId} (${l.virtualSize} bytes, ${l.chunkSize}-byte chunks)`;
}

/** Who may log in to a new volume, for its creation log line. */
function admitted(initiators: readonly string[]): string {
  return initiators.length === 0 ? 'any initiator name' : `only initiators ${initiators.join(', ')}`;
}
