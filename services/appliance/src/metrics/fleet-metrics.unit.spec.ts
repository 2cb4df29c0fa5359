import { Registry } from 'prom-client';
import { run, upToBoot, wholeWarm } from '../../test/fixtures/warm-migration';
import { T0 } from '../../test/fixtures/migration';
import { FleetView } from './fleet-view';
import { registerFleetMetrics } from './fleet-metrics';

function fleetOf(migrations: Record<string, ReturnType<typeof run>>): FleetView {
  const fleet = new FleetView();
  for (const [id, events] of Object.entries(migrations)) events.forEach((event, i) => fleet.apply(id, event, T0 + i * 1000));
  return fleet;
}

describe('fleet metrics (the appliance ops /metrics for dashboards and alerts)', () => {
  it('counts migrations by phase and mode, gives each active one its last event time, observes completed downtimes and the stream figures', async () => {
    const fleet = fleetOf({ 'mig-a': run(wholeWarm()), 'mig-b': run(upToBoot()) });
    const registry = new Registry();
    registerFleetMetrics(registry, fleet, async () => ({ stream: 'FERRY_EVENTS', bytes: 4096, messages: 12, consumers: 3, maxBytes: -1, maxMessages: -1 }));
    const text = await registry.metrics();
    expect(text).toContain('ferry_migrations{phase="completed",mode="warm"} 1');
    expect(text).toContain('ferry_migrations{phase="target-powered-on",mode="warm"} 1');
    // Only the active one, stamped with its last event (the 7th: T0 + 6 s).
    expect(text).toContain(`ferry_migration_last_event_timestamp_seconds{migration_id="mig-b",phase="target-powered-on"} ${(T0 + 6000) / 1000}`);
    expect(text).not.toMatch(/last_event_timestamp_seconds\{migration_id="mig-a"/);
    expect(text).toContain('ferry_migration_downtime_seconds_count 1');
    expect(text).toContain('ferry_event_stream{stream="FERRY_EVENTS",figure="consumers"} 3');
    expect(text).toContain('ferry_event_stream{stream="FERRY_EVENTS",figure="max_bytes"} -1');
    // A second scrape does not observe the same downtime twice.
    expect(await registry.metrics()).toContain('ferry_migration_downtime_seconds_count 1');
  });

  it('leaves the stream series out while the store does not answer', async () => {
    const registry = new Registry();
    registerFleetMetrics(registry, new FleetView(), async () => Promise.reject(new Error('TIMEOUT')));
    expect(await registry.metrics()).not.toMatch(/ferry_event_stream\{/);
  });
});
