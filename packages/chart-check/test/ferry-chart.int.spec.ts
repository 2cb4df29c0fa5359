import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FERRY_CHART, type Manifest } from '../src';
import { renderAndCheck, serviceSchemas } from './ferry-chart';

jest.setTimeout(120_000);

const find = (manifests: Manifest[], kind: string, name: string): Record<string, unknown> => {
  const found = manifests.find((m) => m.kind === kind && m.name === name);
  if (found === undefined) throw new Error(`the chart renders no ${kind}/${name}`);
  return found.object;
};
const replicas = (object: Record<string, unknown>): unknown => (object.spec as { replicas?: unknown }).replicas;

describe('charts/ferry rendered by infra/chart-render', () => {
  it('given the default values, when rendered, then every check passes: schemas, required settings, ports, volumes', async () => {
    const { manifests, findings } = await renderAndCheck(FERRY_CHART);
    expect(findings).toEqual([]);
    // Single node: no cluster block, so nats-server runs JetStream standalone.
    expect(replicas(find(manifests, 'StatefulSet', 'nats-server'))).toBe(1);
    expect((find(manifests, 'ConfigMap', 'nats-server').data as Record<string, string>)['cluster.conf']).not.toContain('routes');
    expect(manifests.filter((m) => m.kind === 'ServiceMonitor').map((m) => m.name)).toEqual(['ferry']);
    expect((find(manifests, 'ConfigMap', 'appliance').data as Record<string, string>).NATS_STREAM_REPLICAS).toBe('1');
  });

  it('given nats.replicas=3 and premManager.replicas=2, when rendered, then the checks pass, NATS has routes to its 3 pods and prem-manager runs 2 replicas with a volume each', async () => {
    const { manifests, findings } = await renderAndCheck(FERRY_CHART, ['nats.replicas=3,premManager.replicas=2']);
    expect(findings).toEqual([]);
    expect(replicas(find(manifests, 'StatefulSet', 'nats-server'))).toBe(3);
    const clusterConf = (find(manifests, 'ConfigMap', 'nats-server').data as Record<string, string>)['cluster.conf'] ?? '';
    expect(clusterConf.match(/nats:\/\/nats-server-\d\.nats-server-routes:6222/g)).toEqual([0, 1, 2].map((i) => `nats://nats-server-${i}.nats-server-routes:6222`));
    const premManager = find(manifests, 'StatefulSet', 'prem-manager');
    expect(replicas(premManager)).toBe(2);
    // Every stream and KV bucket the services create is R3 on the cluster (docs/event-store.md, "Cluster mode").
    expect((find(manifests, 'ConfigMap', 'appliance').data as Record<string, string>).NATS_STREAM_REPLICAS).toBe('3');
    expect((premManager.spec as { volumeClaimTemplates: { metadata: { name: string } }[] }).volumeClaimTemplates.map((t) => t.metadata.name)).toEqual(['data']);
  });

  it('given a copy of the chart with one required setting removed, when checked, then the check fails naming it', async () => {
    const schemas = await serviceSchemas();
    const required = [...schemas].flatMap(([service, schema]) => Object.values(schema).filter((f) => f.default === undefined).map((f) => ({ service, env: f.env })))[0];
    expect(required).toBeDefined();
    const { service, env } = required!;
    const dir = await mkdtemp(join(tmpdir(), 'ferry-chart-'));
    try {
      await cp(FERRY_CHART, dir, { recursive: true });
      const template = join(dir, 'templates', `${service}.yaml`);
      const text = await readFile(template, 'utf8');
      const without = text.split('\n').filter((line) => !line.includes(`"${env}"`)).join('\n');
      expect(without).not.toBe(text);
      await writeFile(template, without);
      const { findings } = await renderAndCheck(dir);
      expect(findings).toEqual([expect.stringContaining(`required setting ${env} is not set`)]);
      expect(findings[0]).toContain(`service ${service}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('given a port moved off its config default, when checked, then the check names the setting and the default', async () => {
    const { findings } = await renderAndCheck(FERRY_CHART, ['premManager.ports.control=5001']);
    expect(findings).toEqual([expect.stringContaining('CONTROL_PORT is 5001 but its config default is 5000')]);
  });

  it('given a setting the service does not read (a removed port), when checked, then the check names it', async () => {
    const { findings } = await renderAndCheck(FERRY_CHART, ['cloudCache.env.MICROVM1_PORT=9001']);
    expect(findings).toEqual([expect.stringContaining('sets MICROVM1_PORT')]);
  });

  it('given a file setting taken from the operator\'s Secret (appliance GUEST_PASSWORD_FILE), when rendered, then the variable names the mounted key and the checks pass', async () => {
    const file = 'appliance.secretFiles.GUEST_PASSWORD_FILE';
    const { manifests, findings } = await renderAndCheck(FERRY_CHART, [`${file}.secret=ferry-guest-login,${file}.key=password`], ['ferry-guest-login']);
    expect(findings).toEqual([]);
    expect((find(manifests, 'ConfigMap', 'appliance').data as Record<string, string>).GUEST_PASSWORD_FILE).toBe('/var/run/ferry/files/guest-password-file/password');
    const { findings: unmounted } = await renderAndCheck(FERRY_CHART, ['appliance.env.GUEST_PASSWORD_FILE=/etc/ferry/guest-password']);
    expect(unmounted).toEqual([expect.stringContaining('GUEST_PASSWORD_FILE=/etc/ferry/guest-password is on no volume')]);
  });
});
