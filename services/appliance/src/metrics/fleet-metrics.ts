// The fleet on the appliance's ops /metrics, for the dashboards and alert rules in infra/prometheus:
// migrations by phase and mode, the age of each active migration's last event (a migration stuck in a
// phase), completed downtimes, and the event store's stream against its limits. Fed by FleetFollower.
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { FleetView } from './fleet-view';

/** What the event store's stream reports (JetStream stream info). */
export interface StreamFigures {
  readonly stream: string;
  readonly bytes: number;
  readonly messages: number;
  readonly consumers: number;
  /** -1: no limit. */
  readonly maxBytes: number;
  readonly maxMessages: number;
}

/** Downtime buckets, in seconds: a warm migration's few seconds up to a cold one's hours. */
const DOWNTIME_BUCKETS = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200];

export function registerFleetMetrics(registry: Registry, fleet: FleetView, stream: () => Promise<StreamFigures | undefined>): void {
  new Gauge({
    name: 'ferry_migrations', help: 'Migrations by phase and mode (terminal phases included)', labelNames: ['phase', 'mode'], registers: [registry],
    collect() {
      this.reset();
      for (const { phase, mode, count } of fleet.countsByPhase()) this.set({ phase, mode }, count);
    },
  });
  new Gauge({
    name: 'ferry_migration_last_event_timestamp_seconds', help: 'Unix time of the last event of each migration under way', labelNames: ['migration_id', 'phase'], registers: [registry],
    collect() {
      this.reset();
      for (const { id, phase, lastEventAt } of fleet.active()) this.set({ migration_id: id, phase }, lastEventAt / 1000);
    },
  });
  let observed = 0;
  new Histogram({
    name: 'ferry_migration_downtime_seconds', help: 'Downtime of completed migrations: source off until the target is up', buckets: DOWNTIME_BUCKETS, registers: [registry],
    collect() {
      // The downtimes the view gathered since the last scrape.
      for (; observed < fleet.downtimes.length; observed++) this.observe(fleet.downtimes[observed] ?? 0);
    },
  });
  const figures = ['bytes', 'messages', 'consumers', 'max_bytes', 'max_messages'] as const;
  new Gauge({
    name: 'ferry_event_stream', help: "The event store's JetStream stream: bytes, messages, consumers and its limits (-1: none)", labelNames: ['stream', 'figure'], registers: [registry],
    async collect() {
      this.reset();
      const s = await stream().catch(() => undefined);
      if (!s) return;
      const values = { bytes: s.bytes, messages: s.messages, consumers: s.consumers, max_bytes: s.maxBytes, max_messages: s.maxMessages };
      for (const figure of figures) this.set({ stream: s.stream, figure }, values[figure]);
    },
  });
}
