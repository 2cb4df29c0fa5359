import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { METRICS_REGISTRY, SERVICE_CONFIG } from '@ferry/service-kit';
import type { Registry } from 'prom-client';
import type { Config } from './config';
import { registerReceiverMetrics } from './receiver/receiver-metrics';
import { startReceiver, type ReceiverHandle } from './receiver/start-receiver';
import { startDemandRelay, type DemandRelay } from './demand/demand-relay';
import { registerRelayMetrics } from './demand/relay-metrics';
import { issueLeaf, mutualTlsClient, mutualTlsServer } from '@ferry/block-pipeline';
import { startBlockSource, type BlockSourceHandle } from '@ferry/block-source';
import type { BlockSource } from '@ferry/block-pipeline';
import { cacheRelayOpener } from './source/cache-relay-source';

/** Starts the chunk receiver (interconnect, 6000), the demand lane (7000) and the cloud disks' block source (6001); stops them on shutdown. */
@Injectable()
class ReceiverLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle: ReceiverHandle | undefined;
  private source: BlockSourceHandle | undefined;
  private relay: DemandRelay | undefined;
  private cacheRelay: ReturnType<typeof cacheRelayOpener> | undefined;
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    registerReceiverMetrics(this.metrics);
    const c = this.config;
    this.handle = await startReceiver({ host: c.interconnectHost, port: c.interconnectPort, caDir: c.caDir, targetRoot: c.targetRoot, stateDir: c.stateDir, window: c.creditWindow, commitBatch: c.commitBatch, verifyThreads: c.verifyThreads, cacheEndpoint: c.cacheEndpoint, sessionLeaseSeconds: c.sessionLeaseSeconds, stripesPerSession: c.stripesPerSession });
    process.stdout.write(`cloud-manager: chunk receiver listening on ${c.interconnectHost}:${this.handle.port}\n`);
    const tls = await issueLeaf(c.caDir, 'cloud-manager');
    const log = (line: string): void => void process.stdout.write(`cloud-manager demand: ${line}\n`);
    this.relay = await startDemandRelay({ host: c.interconnectHost, port: c.interconnectAltPort, serverCredentials: mutualTlsServer(tls), cacheEndpoint: c.cacheEndpoint, clientCredentials: mutualTlsClient(tls), log });
    const relay = this.relay;
    registerRelayMetrics(this.metrics, () => relay.premLanes());
    process.stdout.write(`cloud-manager: demand lane listening on ${c.interconnectHost}:${this.relay.port}${c.cacheEndpoint ? `, relaying to cloud-cache at ${c.cacheEndpoint}` : ''}\n`);
    // Migrate back reads the cloud disks here: through the cloud vCenter's API, or files under TARGET_ROOT.
    const vcenter = c.vcenterUrl === '' ? undefined : { url: c.vcenterUrl, username: c.vcenterUser, password: c.vcenterPassword, thumbprint: c.vcenterThumbprint || undefined };
    // … and the cache volumes' written chunks (migrate back over the cache), relayed from cloud-cache.
    this.cacheRelay = c.cacheBlockSourceUrl ? cacheRelayOpener(c.cacheBlockSourceUrl, mutualTlsClient(await issueLeaf(c.caDir, 'cloud-manager'))) : undefined;
    const openers: Record<string, (locator: string) => Promise<BlockSource>> = this.cacheRelay ? { 'cache:': this.cacheRelay.open } : {};
    this.source = await startBlockSource({ host: c.interconnectHost, port: c.blockReadPort, caDir: c.caDir, leafName: 'cloud-manager', sourceRoots: [c.targetRoot], vcenter, openers });
    process.stdout.write(`cloud-manager: block source (cloud disks, for migrate back) listening on ${c.interconnectHost}:${this.source.port}${c.cacheBlockSourceUrl ? `, cache volumes relayed from cloud-cache at ${c.cacheBlockSourceUrl}` : ''}\n`);
  }
  async onApplicationShutdown(): Promise<void> {
    await this.source?.close();
    this.cacheRelay?.close();
    await this.relay?.close();
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
