// Every Prometheus query a built dashboard runs, read back from its JSON model (what Grafana would run).
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

export interface DashboardQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
}

export function queriesOf(model: Dashboard): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const panel of model.panels ?? []) {
    if (!('targets' in panel)) continue;
    for (const target of panel.targets ?? []) {
      const expr = (target as { expr?: unknown }).expr;
      if (typeof expr === 'string') out.push({ dashboard: model.uid ?? model.title ?? '', panel: panel.title ?? '', expr });
    }
  }
  return out;
}
