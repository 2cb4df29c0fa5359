import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ferry/service-kit';
import type { Config } from './config';
import { startBlockSource, type BlockSourceHandle } from './block-source/start-block-source';

/** Starts the block read server (32821) with the service and stops it on shutdown. */
@Injectable()
class BlockSourceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle: BlockSourceHandle | undefined;
  constructor(@Inject(SERVICE_CONFIG) private readonly config: Config) {}
  async onApplicationBootstrap(): Promise<void> {
    const { blockHost: host, blockReadPort: port, caDir, sourceRoots, vcenterUrl, vcenterUser, vcenterPassword, vcenterThumbprint } = this.config;
    const vcenter = vcenterUrl === '' ? undefined : { url: vcenterUrl, username: vcenterUser, password: vcenterPassword, thumbprint: vcenterThumbprint || undefined };
    this.handle = await startBlockSource({ host, port, caDir, sourceRoots: sourceRoots.split(':').filter((root) => root !== ''), vcenter });
    process.stdout.write(`prem-esxi-manager: block source listening on ${host}:${this.handle.port}\n`);
  }
  async onApplicationShutdown(): Promise<void> {
    await this.handle?.close();
  }
}

/**
 * The prem-esxi-manager service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.prem-esxi-manager.ping` handler around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [BlockSourceLifecycle],
})
export class AppModule {}
