import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { Registry } from 'prom-client';
import type { HealthRegistry } from '../ops/health';
import { pingController } from './ping.controller';
import { HEALTH_REGISTRY, METRICS_REGISTRY, NATS_CONNECTION, SERVICE_CONFIG, SERVICE_NAME } from './tokens';

/** What runService hands the Nest container. */
export interface KitParts {
  name: string;
  version: string;
  instanceId: string;
  config: unknown;
  nats: NatsConnection;
  health: HealthRegistry;
  metrics: Registry;
}

/** Global providers (config, NATS, health, metrics) and the ping handler, around the service's AppModule. */
@Module({})
export class KitModule {
  static forService(appModule: Type<unknown>, parts: KitParts): DynamicModule {
    const providers = [
      { provide: SERVICE_NAME, useValue: parts.name },
      { provide: SERVICE_CONFIG, useValue: parts.config },
      { provide: NATS_CONNECTION, useValue: parts.nats },
      { provide: HEALTH_REGISTRY, useValue: parts.health },
      { provide: METRICS_REGISTRY, useValue: parts.metrics },
    ];
    return {
      module: KitModule,
      global: true,
      imports: [appModule],
      controllers: [pingController(parts.name, parts.version, parts.instanceId)],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
