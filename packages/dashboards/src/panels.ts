// The panel kinds Ferry's dashboards use, each with its Prometheus queries, built with the Grafana
// Foundation SDK's typed builders. A query is kept beside the panel so the tests can run exactly what
// a dashboard shows through Prometheus.
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

/** The data source every panel reads: a dashboard variable, so the operator picks their Prometheus. */
export const PROMETHEUS = { type: 'prometheus', uid: '${datasource}' };

/** One query of a panel: its PromQL and the legend it draws. */
export interface PanelQuery {
  readonly expr: string;
  readonly legend: string;
}

/** A panel as the dashboards declare it. */
export interface PanelSpec {
  readonly title: string;
  readonly kind: 'timeseries' | 'stat';
  readonly unit: string;
  readonly description: string;
  readonly queries: readonly PanelQuery[];
  /** Width in grid columns (of 24). */
  readonly width?: number;
}

function targets(queries: readonly PanelQuery[]): DataqueryBuilder[] {
  return queries.map((q, i) => new DataqueryBuilder().expr(q.expr).legendFormat(q.legend).refId(String.fromCharCode(65 + i)).datasource(PROMETHEUS));
}

/** The SDK builder of a panel spec. */
export function buildPanel(spec: PanelSpec): TimeseriesPanel | StatPanel {
  const panel = spec.kind === 'stat' ? new StatPanel() : new TimeseriesPanel();
  return panel.title(spec.title).description(spec.description).unit(spec.unit).datasource(PROMETHEUS).targets(targets(spec.queries)).height(8).span(spec.width ?? 12);
}
