import { Module } from '@nestjs/common';

/**
 * The inventory service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.inventory.ping` handler around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class AppModule {}
