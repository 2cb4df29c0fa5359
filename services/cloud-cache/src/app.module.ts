import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HEALTH_REGISTRY, METRICS_REGISTRY, SERVICE_CONFIG, type HealthRegistry } from '@ferry/service-kit';
import type { Registry } from 'prom-client';
import { registerCacheMetrics } from './analyzer/metrics';
import { startCacheTarget, type CacheTarget } from './cache-target';
import type { Config } from './config';
import { parseTargets } from './targets-config';

/** Starts the iSCSI cache target on bootstrap and stops it (flushing every volume) on shutdown. */
@Injectable()
class CacheTargetLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private target: CacheTarget | undefined;
  private readonly logger = new Logger('cloud-cache');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    this.target = await startCacheTarget({
      host: c.iscsiHost,
      port: c.iscsiPort,
      cacheDir: c.cacheDir,
      chunkSize: c.chunkSize,
      targets: parseTargets(c.cacheTargets),
      hydrate: c.hydrate,
      analyzer: c.analyzerEndpoint ? { endpoint: c.analyzerEndpoint, intervalMs: c.analyzerIntervalMs } : undefined,
      log: (m) => this.logger.log(m),
    });
    this.health.addCheck('iscsi-target-listening', () => this.target !== undefined);
    const target = this.target;
    registerCacheMetrics(this.metrics, () => target.summaries());
    this.logger.log(`iSCSI target on port ${this.target.port} with ${this.target.volumes.size} volume(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.target?.stop();
  }
}

/**
 * The cloud-cache service's providers. The service kit adds config (SERVICE_CONFIG), the shared NATS
 * connection (NATS_CONNECTION), health and metrics, and the `ferry.cmd.cloud-cache.ping` handler
 * around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [CacheTargetLifecycle],
})
export class AppModule {}
