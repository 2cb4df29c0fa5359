import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { JetStreamEventStore } from '@ferry/event-store';
import { METRICS_REGISTRY, NATS_CONNECTION, SERVICE_CONFIG } from '@ferry/service-kit';
import type { Registry } from 'prom-client';
import { analyzerLimitsOf, CacheSummaries, registerCacheSummaryMetrics, startAnalyzerIntake, type AnalyzerIntake } from './analyzer';
import { inventoryClient, startApiServer, type ApiServer, type Inventory } from './api';
import type { Config } from './config';
import { FleetMetricsLifecycle } from './metrics';
import { startOrchestration, type Orchestration } from './orchestration-wiring';

/** Opens the event store on the service's NATS connection and serves the integrator API; closes it on shutdown. */
@Injectable()
class ApiLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: ApiServer | undefined;
  private inventory: Inventory | undefined;
  private orchestration: Orchestration | undefined;
  private readonly logger = new Logger('appliance');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(CacheSummaries) private readonly cacheSummaries: CacheSummaries,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    const store = await JetStreamEventStore.open(this.nats);
    this.inventory = inventoryClient(c.inventoryApiUrl);
    this.server = await startApiServer({ store, inventory: this.inventory, cacheSummaries: this.cacheSummaries }, c.apiHost, c.apiPort);
    this.logger.log(`integrator gRPC API (ferry.api.v1.Ferry) on ${c.apiHost}:${this.server.port}; inventory at ${c.inventoryApiUrl}`);
    if (!c.premVcenterUrl) {
      this.logger.warn('PREM_VCENTER_URL is not set: migrations are planned but not run (set the vCenter and data-plane variables to run them)');
      return;
    }
    this.orchestration = await startOrchestration(c, store, this.inventory, this.nats, (m) => this.logger.log(m));
    this.logger.log(`orchestrating migrations: prem ${c.premVcenterUrl}, cloud ${c.cloudVcenterUrl}, transfers through ${c.shipperUrl}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orchestration?.close();
    await this.server?.close();
    this.inventory?.close();
  }
}

/** Serves the IO-analyzer intake (cloud-cache summaries, 32820) and shows what arrives on /metrics. */
@Injectable()
class AnalyzerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private intake: AnalyzerIntake | undefined;
  private readonly logger = new Logger('appliance');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
    @Inject(CacheSummaries) private readonly cacheSummaries: CacheSummaries,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    registerCacheSummaryMetrics(this.metrics, this.cacheSummaries);
    this.intake = await startAnalyzerIntake(this.cacheSummaries, this.config.analyzerHost, this.config.analyzerPort);
    this.logger.log(`IO-analyzer intake (POST application/x-protobuf ferry.cache.v1.IoSummaryBatch) on ${this.config.analyzerHost}:${this.intake.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.intake?.close();
  }
}

/**
 * The appliance service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.appliance.ping` handler around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [{ provide: CacheSummaries, useFactory: (c: Config) => new CacheSummaries(analyzerLimitsOf(c)), inject: [SERVICE_CONFIG] }, AnalyzerLifecycle, ApiLifecycle, FleetMetricsLifecycle],
})
export class AppModule {}
