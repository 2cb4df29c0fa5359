import { Module } from '@nestjs/common';

/**
 * The cloud-cache service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.cloud-cache.ping` handler around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class AppModule {}
