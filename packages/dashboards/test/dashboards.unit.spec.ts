// The dashboards as built by the SDK's typed builders: the files in infra/grafana/dashboards are what
// the code builds now, and every panel is complete (a Prometheus query per target, a grid position, a
// unit). Their queries are run through a real Prometheus by services/appliance/test/warm-migration.e2e.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDashboard, type Dashboard, type Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboard, DASHBOARD_DIR, DASHBOARDS, queriesOf } from '../src';

const built = Object.entries(DASHBOARDS).map(([file, spec]) => ({ file, model: buildDashboard(spec) }));

describe('Ferry dashboards (Grafana Foundation SDK)', () => {
  it.each(built.map((b) => [b.file, b]))('%s on disk is what the builders make (npm run dashboards -w packages/dashboards)', (_file, { file, model }) => {
    expect(JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8'))).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('has unique uids, the SDK schema version, a Prometheus query per target and a position and unit per panel', () => {
    expect(new Set(built.map((b) => b.model.uid)).size).toBe(built.length);
    for (const { model } of built) {
      expect(model.schemaVersion).toBe(defaultDashboard().schemaVersion);
      const panels = (model.panels ?? []).filter((p): p is Panel => p.type !== 'row');
      expect(panels.length).toBeGreaterThan(3);
      for (const panel of panels) {
        expect({ panel: panel.title, datasource: panel.datasource?.type, grid: panel.gridPos !== undefined, unit: typeof panel.fieldConfig?.defaults?.unit }).toEqual({ panel: panel.title, datasource: 'prometheus', grid: true, unit: 'string' });
        for (const target of panel.targets ?? []) expect(target).toMatchObject({ expr: expect.stringMatching(/\S/), refId: expect.stringMatching(/^[A-Z]$/) });
      }
    }
  });

  it('lists every query of a dashboard, as Grafana would run them', () => {
    const model: Dashboard = buildDashboard(DASHBOARDS['ferry-fleet.json']!);
    const queries = queriesOf(model);
    expect(queries.length).toBeGreaterThan(5);
    expect(queries).toContainEqual({ dashboard: 'ferry-fleet', panel: 'Migrations by phase', expr: 'ferry:migrations:by_phase' });
  });
});
