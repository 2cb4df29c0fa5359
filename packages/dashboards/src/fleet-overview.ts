// Fleet overview: where every migration stands, what failed, what downtime users saw.
import type { DashboardSpec } from './dashboard';

export const FLEET_OVERVIEW: DashboardSpec = {
  uid: 'ferry-fleet',
  title: 'Ferry / Fleet overview',
  description: 'Migrations by phase, failures waiting for an operator, downtime of completed migrations (appliance fleet metrics).',
  rows: [
    {
      title: 'Migrations',
      panels: [
        { title: 'Migrations by phase', kind: 'timeseries', unit: 'short', description: 'Every migration in each phase, terminal phases included.', queries: [{ expr: 'ferry:migrations:by_phase', legend: '{{phase}}' }], width: 24 },
        { title: 'Under way', kind: 'stat', unit: 'short', description: 'Migrations not yet completed, failed, cancelled or migrated back.', queries: [{ expr: 'count(ferry_migration_last_event_timestamp_seconds) or vector(0)', legend: 'under way' }], width: 6 },
        { title: 'Completed', kind: 'stat', unit: 'short', description: 'Migrations completed.', queries: [{ expr: 'sum(ferry_migrations{phase="completed"}) or vector(0)', legend: 'completed' }], width: 6 },
        { title: 'Failed, waiting for an operator', kind: 'stat', unit: 'short', description: 'Fix the reason, then ferry retry; or cancel.', queries: [{ expr: 'sum(ferry_migrations{phase="failed"}) or vector(0)', legend: 'failed' }], width: 6 },
        { title: 'Longest silence of a migration under way', kind: 'stat', unit: 's', description: 'Seconds since the quietest migration under way recorded an event (FerryMigrationStuck fires at 30 minutes).', queries: [{ expr: 'max(time() - ferry_migration_last_event_timestamp_seconds) or vector(0)', legend: 'silence' }], width: 6 },
      ],
    },
    {
      title: 'Downtime',
      panels: [
        {
          title: 'Downtime of completed migrations', kind: 'timeseries', unit: 's', description: 'Source off until the target is up: median and 95th percentile over every completed migration.',
          queries: [
            { expr: 'histogram_quantile(0.5, sum by (le) (ferry_migration_downtime_seconds_bucket))', legend: 'p50' },
            { expr: 'histogram_quantile(0.95, sum by (le) (ferry_migration_downtime_seconds_bucket))', legend: 'p95' },
          ],
          width: 24,
        },
      ],
    },
  ],
};
