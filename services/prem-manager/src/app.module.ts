import { Module } from '@nestjs/common';

/**
 * The prem-manager service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.prem-manager.ping` handler around this module.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class AppModule {}
