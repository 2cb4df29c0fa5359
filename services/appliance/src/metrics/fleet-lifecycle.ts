// Registers the fleet metrics on the ops /metrics and follows the event store for them while the
// appliance runs.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { JetStreamEventStore } from '@ferry/event-store';
import { METRICS_REGISTRY, NATS_CONNECTION, SERVICE_CONFIG } from '@ferry/service-kit';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import { FleetFollower } from './fleet-follower';
import { registerFleetMetrics } from './fleet-metrics';
import { FleetView } from './fleet-view';

@Injectable()
export class FleetMetricsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private follower: FleetFollower | undefined;
  private readonly logger = new Logger('appliance');

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
    @Inject(SERVICE_CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // It may open the store first: a stream it creates gets the site's copies too.
    const store = await JetStreamEventStore.open(this.nats, { replicas: this.config.natsStreamReplicas });
    const fleet = new FleetView();
    registerFleetMetrics(this.metrics, fleet, () => store.streamFigures());
    this.follower = new FleetFollower(store, fleet, (m) => this.logger.warn(m));
    this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }
}
