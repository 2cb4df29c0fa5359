import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { issueLeaf } from '@ferry/block-pipeline';
import { JetStreamEventStore, signedStoreOptions } from '@ferry/event-store';
import { METRICS_REGISTRY, NATS_CONNECTION, SERVICE_CONFIG } from '@ferry/service-kit';
import type { Registry } from 'prom-client';
import { AccessControl, bootstrapAdmin } from './access';
import { analyzerLimitsOf, CacheSummaries, registerCacheSummaryMetrics, startAnalyzerIntake, type AnalyzerIntake } from './analyzer';
import { apiServerCredentials, inventoryClient, startApiServer, type ApiServer, type Inventory } from './api';

import type { Config } from './config';
import { FleetMetricsLifecycle } from './metrics';
import { startOrchestration, type Orchestration } from './orchestration-wiring';

/** Opens the event store on the service's NATS connection and serves the integrator API; closes it on shutdown. */
@Injectable()
class ApiLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: ApiServer | undefined;
  private inventory: Inventory | undefined;
  private orchestration: Orchestration | undefined;
  private access: AccessControl | undefined;
  private readonly logger = new Logger('appliance');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(CacheSummaries) private readonly cacheSummaries: CacheSummaries,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    // Every batch the appliance stores is signed with its key (STATE_DIR, certified by the site CA in CA_DIR), and
    // its signed checkpoint of the last sequence is kept next to the key (docs/security.md).
    const store = await JetStreamEventStore.open(this.nats, { ...(await signedStoreOptions({ caDir: c.caDir, stateDir: c.stateDir, name: 'appliance' })), replicas: c.natsStreamReplicas });
    this.inventory = inventoryClient(c.inventoryApiUrl);
    const log = (m: string) => this.logger.log(m);
    const warn = (m: string) => this.logger.warn(m);
    const access = await AccessControl.open(store, { stateDir: c.stateDir, tokenTtlMs: c.apiTokenTtlMs, refusalFlushMs: c.securityFlushMs, refusalMaxDistinct: c.securityMaxDistinct, log: warn });
    this.access = access;
    await bootstrapAdmin(access.directory, { stateDir: c.stateDir, bootstrapFile: c.adminBootstrapFile, bootstrapUser: c.adminBootstrapUser, clock: Date.now, log, warn });
    const tls = await apiServerCredentials(c, warn);
    this.server = await startApiServer({ store, inventory: this.inventory, cacheSummaries: this.cacheSummaries, access, stateDir: c.stateDir, precopyMinIntervalSeconds: c.precopyMinIntervalSeconds }, c.apiHost, c.apiPort, tls.credentials);
    this.logger.log(`integrator gRPC API (ferry.api.v1.Ferry) on ${c.apiHost}:${this.server.port}, ${tls.describe}; inventory at ${c.inventoryApiUrl}`);
    if (!c.premVcenterUrl) {
      this.logger.warn('PREM_VCENTER_URL is not set: migrations are planned but not run (set the vCenter and data-plane variables to run them)');
      return;
    }
    this.orchestration = await startOrchestration(c, store, this.inventory, this.nats, (m) => this.logger.log(m), this.metrics);
    this.logger.log(`orchestrating migrations: prem ${c.premVcenterUrl}, cloud ${c.cloudVcenterUrl}, transfers ${c.transferDispatch === 'queue' ? 'through the queue FERRY_TRANSFERS' : `through ${c.shipperUrl}`}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orchestration?.close();
    await this.server?.close();
    await this.access?.close();
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
    const c = this.config;
    // Mutual TLS with the site CA: the appliance's data-plane certificate serves, cloud-cache presents its own.
    const tls = await issueLeaf(c.caDir, 'appliance');
    this.intake = await startAnalyzerIntake(this.cacheSummaries, { host: c.analyzerHost, port: c.analyzerPort, tls, log: (m) => this.logger.warn(m) });
    this.logger.log(`IO-analyzer intake (POST application/x-protobuf ferry.cache.v1.IoSummaryBatch) on https://${c.analyzerHost}:${this.intake.port}, mutual TLS with ${c.caDir}/appliance.crt; clients need a certificate from ${c.caDir}/ca.crt`);
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
