/** The iSCSI portal's connection counts on the ops port's /metrics (login timeouts, refusals, NOP pings). */
import type { Registry } from 'prom-client';
import { scrapedCounter, scrapedGauge } from '@ferry/service-kit';
import type { ConnectionStats } from './portal';

export function registerConnectionMetrics(registry: Registry, stats: () => ConnectionStats): void {
  scrapedGauge(registry, 'ferry_iscsi_connections_open', 'iSCSI connections held now', () => stats().open);
  const counter = (name: string, help: string, value: (s: ConnectionStats) => number): void => scrapedCounter(registry, name, help, () => value(stats()));
  counter('ferry_iscsi_connections_accepted_total', 'iSCSI connections accepted', (s) => s.accepted);
  counter('ferry_iscsi_connections_refused_total', 'iSCSI connections refused by a cap (per address or total)', (s) => s.refusedPerAddress + s.refusedTotal);
  counter('ferry_iscsi_login_timeouts_total', 'iSCSI connections closed for not logging in in time', (s) => s.loginTimeouts);
  counter('ferry_iscsi_logins_total', 'iSCSI logins completed', (s) => s.loggedIn);
  counter('ferry_iscsi_nop_timeouts_total', 'iSCSI connections closed for not answering a NOP-In', (s) => s.nopTimeouts);
}
