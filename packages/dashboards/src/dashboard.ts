// A Ferry dashboard: rows of panels over a Prometheus picked by the operator ($datasource).
import { DashboardBuilder, DatasourceVariableBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildPanel, type PanelSpec } from './panels';

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly rows: ReadonlyArray<{ readonly title: string; readonly panels: readonly PanelSpec[] }>;
}

/** The dashboard's JSON model, as Grafana imports or provisions it. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  let builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['ferry'])
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'));
  for (const row of spec.rows) {
    builder = builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) builder = builder.withPanel(buildPanel(panel));
  }
  return builder.build();
}
