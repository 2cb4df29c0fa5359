import { join } from 'node:path';
import { Controller, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { UnavailableError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { HEALTH_REGISTRY, METRICS_REGISTRY, NATS_CONNECTION, SERVICE_CONFIG, type HealthRegistry } from '@ferry/service-kit';
import type { NatsConnection } from 'nats';
import type { Registry } from 'prom-client';
import type { IoSummary } from './analyzer/io-stats';
import { registerCacheMetrics } from './analyzer/metrics';
import { startSummaryPusher, type SummaryPusher } from './analyzer/summary-pusher';
import { issueLeaf } from '@ferry/block-pipeline';
import { startBlockSource, type BlockSourceHandle } from '@ferry/block-source';
import { CACHE_LOCATOR, cacheSourceOpener } from './storage/cache-block-source';
import { startCacheTarget, type CacheTarget } from './cache-target';
import type { RemoteFetcherFactory } from './cache/remote-source';
import type { Config } from './config';
import { registerFeedMetrics } from './feed/feed-metrics';
import { startFeed, type Feed } from './feed/start-feed';
import { registerConnectionMetrics } from './iscsi/connection-metrics';
import { cloudVcenterOf } from './storage/cloud-vcenter';
import { parseTargets } from './targets-config';
import { jetStreamMigrationCheck } from './volumes/migration-check';
import { MOVE_VOLUME_SUBJECT, moveInputOf, volumeMovedReply } from './volumes/move-codec';
import { REMOTE_FETCHER_FACTORY, remoteFetcherFactoryProvider } from './volumes/remote-fetchers';
import { createInputOf, VOLUME_SUBJECTS, volumeDeletedReply, volumeListReply, volumeReply, writtenChunksReply } from './volumes/volume-codec';
import { VolumeMover } from './volumes/volume-mover';
import { BootProfiles } from './boot-profile/boot-profiles';
import { VolumeRegistry } from './volumes/volume-registry';

const pb = ferry.cache.v1;

/**
 * Starts the iSCSI cache target on bootstrap (the CACHE_TARGETS volumes), then the registry of
 * command-made volumes on the same portal, restoring those persisted under CACHE_DIR/volumes; stops
 * both (flushing every volume) on shutdown.
 */
@Injectable()
class CacheTargetLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private target: CacheTarget | undefined;
  private volumes: VolumeRegistry | undefined;
  private feed: Feed | undefined;
  private pusher: SummaryPusher | undefined;
  private blocks: BlockSourceHandle | undefined;
  private readonly logger = new Logger('cloud-cache');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(REMOTE_FETCHER_FACTORY) private readonly fetchers: RemoteFetcherFactory | null,
  ) {}

  /** The volume registry; commands arrive only after bootstrap, so it is there unless start-up failed. */
  get registry(): VolumeRegistry {
    if (!this.volumes) throw new UnavailableError('the cloud cache is still starting (or failed to start); retry in a moment');
    return this.volumes;
  }

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    const log = (m: string): void => this.logger.log(m);
    this.target = await startCacheTarget({
      host: c.iscsiHost,
      port: c.iscsiPort,
      cacheDir: c.cacheDir,
      chunkSize: c.chunkSize,
      targets: parseTargets(c.cacheTargets),
      allowNoAuth: c.iscsiAllowNoAuth ? { by: 'ISCSI_ALLOW_NO_AUTH=true' } : undefined,
      hydrate: c.hydrate,
      connections: {
        loginTimeoutMs: c.iscsiLoginTimeoutMs, maxConnectionsPerAddress: c.iscsiMaxConnectionsPerAddress, maxConnections: c.iscsiMaxConnections,
        nopIntervalMs: c.iscsiNopIntervalMs, nopTimeoutMs: c.iscsiNopTimeoutMs,
      },
      log,
    });
    const target = this.target;
    // cloud-manager dials in here: demand reads of command-made volumes go out, hydration streams come in.
    this.feed = await startFeed({
      host: c.fromCloudManagerHost,
      port: c.fromCloudManagerPort,
      caDir: c.caDir,
      volumeOf: (key) => this.volumes?.volumeOf(key) ?? target.volumes.get(key),
      log,
    });
    const volumes = new VolumeRegistry({
      root: join(c.cacheDir, 'volumes'),
      fetchers: this.fetchers ?? this.feed.fetchers,
      migrationKnown: jetStreamMigrationCheck(this.nats),
      portal: target.portal,
      now: Date.now,
      bootProfiles: new BootProfiles({ dir: join(c.cacheDir, 'boot-profiles'), log }),
      log,
    });
    const restored = await volumes.restore();
    this.volumes = volumes;
    this.health.addCheck('iscsi-target-listening', () => this.target !== undefined);
    const summaries = (): IoSummary[] => [...target.summaries(), ...volumes.summaries()];
    registerCacheMetrics(this.metrics, summaries);
    registerConnectionMetrics(this.metrics, () => target.portal.connectionStats());
    const feed = this.feed;
    registerFeedMetrics(this.metrics, () => feed.lanes());
    // Every volume's summary (hydration progress: present of total chunks) reaches the appliance's analyzer.
    // Over mutual TLS: the appliance's intake admits only certificates from the site CA (this service's own).
    if (c.analyzerEndpoint) this.pusher = startSummaryPusher({ url: c.analyzerEndpoint, tls: await issueLeaf(c.caDir, 'cloud-cache') }, c.analyzerIntervalMs, summaries, log);
    // Migrate back over the cache: prem-manager reads the chunks written in the cloud from here.
    this.blocks = await startBlockSource({
      host: c.blockReadHost, port: c.blockReadPort, caDir: c.caDir, leafName: 'cloud-cache', sourceRoots: [], hashThreads: 1,
      openers: { [CACHE_LOCATOR]: cacheSourceOpener((key) => volumes.volumeOf(key)) },
    });
    this.logger.log(`iSCSI target on port ${target.port} with ${target.volumes.size} volume(s) from CACHE_TARGETS and ${restored} made by command; cloud-manager feed on port ${this.feed.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pusher?.stop();
    await this.blocks?.close();
    await this.feed?.close();
    await this.target?.stop();
    await this.volumes?.close();
  }
}

/** A request of another type sent to a volume subject is refused, not misread. */
function asRequest<T>(cmd: unknown, type: { new (...args: never[]): T; getTypeUrl(prefix?: string): string }, subject: string): T {
  if (cmd instanceof type) return cmd;
  const got = cmd !== null && typeof cmd === 'object' ? cmd.constructor.name : typeof cmd;
  throw new ValidationError('type_name', `${subject} takes ${type.getTypeUrl('').slice(1)}, got ${got}; see proto/ferry/cache/v1/volumes.proto`);
}

/**
 * NATS handlers of the volume commands (proto/ferry/cache/v1/volumes.proto); errors go back in the
 * envelope. CLOUD_VCENTER_URL set without its user, password or thumbprint stops start-up here.
 */
@Controller()
class VolumeController implements OnApplicationShutdown {
  private readonly mover: VolumeMover;

  constructor(@Inject(CacheTargetLifecycle) private readonly cache: CacheTargetLifecycle, @Inject(SERVICE_CONFIG) config: Config) {
    const logger = new Logger('cloud-cache');
    this.mover = new VolumeMover({
      volumes: () => this.cache.registry,
      vcenter: cloudVcenterOf(config, (m) => logger.warn(m)),
      tempDir: config.moveTempDir || join(config.cacheDir, 'move-staging'),
      now: Date.now,
      log: (m) => logger.log(m),
    });
  }

  /** A running move is aborted: its staged file, import lease and half-made VM are removed. */
  async onApplicationShutdown(): Promise<void> {
    await this.mover.close();
  }

  @MessagePattern(VOLUME_SUBJECTS.create)
  async create(@Payload() cmd: unknown): Promise<ferry.cache.v1.Volume> {
    const req = asRequest(cmd, pb.CreateVolumeRequest, VOLUME_SUBJECTS.create);
    return volumeReply(await this.cache.registry.create(createInputOf(req)));
  }

  @MessagePattern(VOLUME_SUBJECTS.describe)
  describe(@Payload() cmd: unknown): ferry.cache.v1.Volume {
    return volumeReply(this.cache.registry.describe(asRequest(cmd, pb.DescribeVolumeRequest, VOLUME_SUBJECTS.describe).iqn));
  }

  @MessagePattern(VOLUME_SUBJECTS.list)
  list(@Payload() cmd: unknown): ferry.cache.v1.VolumeList {
    asRequest(cmd, pb.ListVolumesRequest, VOLUME_SUBJECTS.list);
    return volumeListReply(this.cache.registry.list());
  }

  @MessagePattern(VOLUME_SUBJECTS.delete)
  async delete(@Payload() cmd: unknown): Promise<ferry.cache.v1.VolumeDeleted> {
    const { iqn } = asRequest(cmd, pb.DeleteVolumeRequest, VOLUME_SUBJECTS.delete);
    this.mover.refuseIfMoving(iqn, 'delete');
    await this.cache.registry.delete(iqn);
    return volumeDeletedReply(iqn);
  }

  @MessagePattern(VOLUME_SUBJECTS.writtenChunks)
  writtenChunks(@Payload() cmd: unknown): ferry.cache.v1.WrittenChunks {
    const req = asRequest(cmd, pb.WrittenChunksRequest, VOLUME_SUBJECTS.writtenChunks);
    return writtenChunksReply(this.cache.registry.writtenChunks(req.iqn, req.lun, req.fromIndex, req.maxIndexes));
  }

  @MessagePattern(MOVE_VOLUME_SUBJECT)
  async moveVolume(@Payload() cmd: unknown): Promise<ferry.cache.v1.VolumeMoved> {
    return volumeMovedReply(await this.mover.move(moveInputOf(asRequest(cmd, pb.MoveVolumeRequest, MOVE_VOLUME_SUBJECT))));
  }
}

/** The controllers and providers of the service apart from the RemoteFetcherFactory (tests bring their own). */
export const CLOUD_CACHE_CONTROLLERS: Array<Type<unknown>> = [VolumeController];
export const CLOUD_CACHE_PROVIDERS: Array<Type<unknown>> = [CacheTargetLifecycle];

/**
 * The cloud-cache service's providers and NATS handlers. The service kit adds config
 * (SERVICE_CONFIG), the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.cloud-cache.ping` handler around this module. The volume commands are
 * `ferry.cmd.cloud-cache.{create-volume,describe-volume,list-volumes,delete-volume,written-chunks,move-volume}`.
 */
@Module({
  imports: [],
  controllers: CLOUD_CACHE_CONTROLLERS,
  providers: [remoteFetcherFactoryProvider, ...CLOUD_CACHE_PROVIDERS],
})
export class AppModule {}
