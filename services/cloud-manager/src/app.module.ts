import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { METRICS_REGISTRY, SERVICE_CONFIG } from '@ferry/service-kit';
import type { Registry } from 'prom-client';
import type { Config } from './config';
import { registerReceiverMetrics } from './receiver/receiver-metrics';
import { startReceiver, type ReceiverHandle } from './receiver/start-receiver';

/** Starts the chunk receiver (interconnect, 6000) and stops it on shutdown. */
@Injectable()
class ReceiverLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle: ReceiverHandle | undefined;
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    registerReceiverMetrics(this.metrics);
    const c = this.config;
    this.handle = await startReceiver({ host: c.interconnectHost, port: c.interconnectPort, caDir: c.caDir, targetRoot: c.targetRoot, stateDir: c.stateDir, window: c.creditWindow, commitBatch: c.commitBatch, verifyThreads: c.verifyThreads });
    process.stdout.write(`cloud-manager: chunk receiver listening on ${c.interconnectHost}:${this.handle.port}\n`);
  }
  async onApplicationShutdown(): Promise<void> {
    await this.handle?.close();
  }
}

/**
 * The cloud-manager service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.cloud-manager.ping` handler around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [ReceiverLifecycle],
})
export class AppModule {}
