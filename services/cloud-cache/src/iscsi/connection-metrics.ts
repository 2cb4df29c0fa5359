/** The iSCSI portal's connection counts on the ops port's /metrics (login timeouts, refusals, NOP pings). */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ConnectionStats } from './portal';

export function registerConnectionMetrics(registry: Registry, stats: () => ConnectionStats): void {
  new Gauge({
    name: 'ferry_iscsi_connections_open', help: 'iSCSI connections held now', registers: [registry],
    collect() {
      this.set(stats().open);
    },
  });
  const counter = (name: string, help: string, value: (s: ConnectionStats) => number): void => {
    new Counter({
      name, help, registers: [registry],
      collect() {
        this.reset();
        this.inc(value(stats()));
      },
    });
  };
  counter('ferry_iscsi_connections_accepted_total', 'iSCSI connections accepted', (s) => s.accepted);
  counter('ferry_iscsi_connections_refused_total', 'iSCSI connections refused by a cap (per address or total)', (s) => s.refusedPerAddress + s.refusedTotal);
  counter('ferry_iscsi_login_timeouts_total', 'iSCSI connections closed for not logging in in time', (s) => s.loginTimeouts);
  counter('ferry_iscsi_logins_total', 'iSCSI logins completed', (s) => s.loggedIn);
  counter('ferry_iscsi_nop_timeouts_total', 'iSCSI connections closed for not answering a NOP-In', (s) => s.nopTimeouts);
}
