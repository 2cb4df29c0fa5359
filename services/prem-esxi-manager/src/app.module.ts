import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ferry/service-kit';
import type { Config } from './config';
import { startBlockSource, type BlockSourceHandle } from '@ferry/block-source';
import { startBlockWriter, type BlockWriterHandle } from './block-write/start-block-writer';

/** Starts the block read server (32821) and the block writer (32822) with the service and stops them on shutdown. */
@Injectable()
class BlockSourceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle: BlockSourceHandle | undefined;
  private writer: BlockWriterHandle | undefined;
  constructor(@Inject(SERVICE_CONFIG) private readonly config: Config) {}
  async onApplicationBootstrap(): Promise<void> {
    const { blockHost: host, blockReadPort: port, caDir, sourceRoots, vcenterUrl, vcenterUser, vcenterPassword, vcenterThumbprint } = this.config;
    const vcenter = vcenterUrl === '' ? undefined : { url: vcenterUrl, username: vcenterUser, password: vcenterPassword, thumbprint: vcenterThumbprint || undefined };
    this.handle = await startBlockSource({ host, port, caDir, sourceRoots: sourceRoots.split(':').filter((root) => root !== ''), vcenter });
    process.stdout.write(`prem-esxi-manager: block source listening on ${host}:${this.handle.port}\n`);
    const { blockWritePort, stateDir } = this.config;
    this.writer = await startBlockWriter({ host, port: blockWritePort, caDir, sourceRoots: sourceRoots.split(':').filter((root) => root !== ''), stateDir });
    process.stdout.write(`prem-esxi-manager: block writer listening on ${host}:${this.writer.port}\n`);
  }
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.handle?.close(), this.writer?.close()]);
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
