import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import type { NatsConnection } from 'nats';
import { METRICS_REGISTRY, NATS_CONNECTION, SERVICE_CONFIG } from '@ferry/service-kit';
import { openTransferQueue } from '@ferry/transfer-queue';
import type { Registry } from 'prom-client';
import type { Config } from './config';
import { registerDemandMetrics } from './demand/demand-metrics';
import { registerShipperMetrics } from './shipper/shipper-metrics';
import { startShipper, type ShipperHandle } from './shipper/start-shipper';

/** Starts the shipper (transfer control on 5000, resumes persisted transfers, takes queued ones) and stops it on shutdown. */
@Injectable()
class ShipperLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle: ShipperHandle | undefined;
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    registerShipperMetrics(this.metrics);
    const { controlHost: host, controlPort: port, caDir, dataDir, maxParallelDisks: maxParallel, flowWindow, compressionLevel: compression, transferStripes: stripes, stripeMinMib, framesFromSource, leanStreams } = this.config;
    // Every replica takes jobs from the transfer queue too (the appliance with TRANSFER_DISPATCH=queue sends them there).
    const queue = { open: () => openTransferQueue(this.nats, this.config.natsStreamReplicas), owner: `${hostname()}:${process.pid}` };
    this.handle = await startShipper({ host, port, caDir, dataDir, maxParallel, flowWindow, compression, stripes, stripeMinBytes: stripeMinMib * 1024 * 1024, framesFromSource: framesFromSource === 'on', leanStreams: leanStreams === 'on', queue });
    const handle = this.handle;
    registerDemandMetrics(this.metrics, () => handle.demandLanes());
    process.stdout.write(`prem-manager: transfer control listening on ${host}:${this.handle.port}\n`);
  }
  async onApplicationShutdown(): Promise<void> {
    await this.handle?.close();
  }
}

/**
 * The prem-manager service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.prem-manager.ping` handler around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [ShipperLifecycle],
})
export class AppModule {}
