import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { HEALTH_REGISTRY, NATS_CONNECTION, SERVICE_CONFIG, type HealthRegistry } from '@ferry/service-kit';
import type { Config } from './config';
import { startInventory, type RunningInventory } from './inventory-service';
import { vcenterEndpoints } from './vcenters';

/** Starts the projection, the gRPC API and both vCenter collectors on bootstrap; stops them on shutdown. */
@Injectable()
class InventoryLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: RunningInventory | undefined;
  private readonly logger = new Logger('inventory');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    this.running = await startInventory({
      nats: this.nats,
      endpoints: vcenterEndpoints(c),
      apiHost: c.apiHost,
      apiPort: c.apiPort,
      signing: { caDir: c.caDir, stateDir: c.stateDir },
      streamReplicas: c.natsStreamReplicas,
      log: (m) => this.logger.log(m),
      onChange: () => this.health.refresh(),
    });
    for (const sync of this.running.sites) this.health.addCheck(`${sync.endpoint.site}-vcenter-synced`, () => sync.synced);
    this.logger.log(`InventoryService gRPC API on ${c.apiHost}:${this.running.apiPort}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}

/**
 * The inventory service's providers. The service kit adds config (SERVICE_CONFIG), the shared NATS
 * connection (NATS_CONNECTION), health and metrics, and the `ferry.cmd.inventory.ping` handler.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [InventoryLifecycle],
})
export class AppModule {}
