import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FERRY_CHART, type Manifest } from '../src';
import { check, renderAndCheck, serviceSchemas } from './ferry-chart';

jest.setTimeout(120_000);

const find = (manifests: Manifest[], kind: string, name: string): Record<string, unknown> => {
  const found = manifests.find((m) => m.kind === kind && m.name === name);
  if (found === undefined) throw new Error(`the chart renders no ${kind}/${name}`);
  return found.object;
};
const replicas = (object: Record<string, unknown>): unknown => (object.spec as { replicas?: unknown }).replicas;

interface PodSpecOf {
  spec: { template: { spec: { volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] } }; volumeClaimTemplates?: unknown[] };
}
/** The claims a workload's pods mount by name: volume -> claimName. */
const claimsOf = (object: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries((object as unknown as PodSpecOf).spec.template.spec.volumes.flatMap((v) => (v.persistentVolumeClaim ? [[v.name, v.persistentVolumeClaim.claimName]] : [])));
const SCALED = 'nats.replicas=3,premManager.replicas=2,cloudManager.replicas=2';

describe('charts/ferry rendered by infra/chart-render', () => {
  it('given the default values, when rendered, then every check passes: schemas, required settings, ports, volumes', async () => {
    const { manifests, findings } = await renderAndCheck(FERRY_CHART);
    expect(findings).toEqual([]);
    // Single node: no cluster block, so nats-server runs JetStream standalone.
    expect(replicas(find(manifests, 'StatefulSet', 'nats-server'))).toBe(1);
    expect((find(manifests, 'ConfigMap', 'nats-server').data as Record<string, string>)['cluster.conf']).not.toContain('routes');
    expect(manifests.filter((m) => m.kind === 'ServiceMonitor').map((m) => m.name)).toEqual(['ferry']);
    expect((find(manifests, 'ConfigMap', 'appliance').data as Record<string, string>).NATS_STREAM_REPLICAS).toBe('1');
    // cloud-manager's volumes are shared claims even for one replica: scaling it out later keeps its state.
    expect(claimsOf(find(manifests, 'Deployment', 'cloud-manager'))).toEqual({ state: 'cloud-manager-state', targets: 'cloud-manager-targets' });
  });

  it('given nats.replicas=3, premManager.replicas=2 and cloudManager.replicas=2, when rendered, then the checks pass, NATS has routes to its 3 pods, prem-manager runs 2 replicas with a volume each and cloud-manager 2 sharing one ReadWriteMany claim for STATE_DIR and one for TARGET_ROOT', async () => {
    const { manifests, findings } = await renderAndCheck(FERRY_CHART, [SCALED]);
    expect(findings).toEqual([]);
    expect(replicas(find(manifests, 'StatefulSet', 'nats-server'))).toBe(3);
    const clusterConf = (find(manifests, 'ConfigMap', 'nats-server').data as Record<string, string>)['cluster.conf'] ?? '';
    expect(clusterConf.match(/nats:\/\/nats-server-\d\.nats-server-routes:6222/g)).toEqual([0, 1, 2].map((i) => `nats://nats-server-${i}.nats-server-routes:6222`));
    const premManager = find(manifests, 'StatefulSet', 'prem-manager');
    expect(replicas(premManager)).toBe(2);
    // Every stream and KV bucket the services create is R3 on the cluster (docs/event-store.md, "Cluster mode").
    expect((find(manifests, 'ConfigMap', 'appliance').data as Record<string, string>).NATS_STREAM_REPLICAS).toBe('3');
    expect((premManager.spec as { volumeClaimTemplates: { metadata: { name: string } }[] }).volumeClaimTemplates.map((t) => t.metadata.name)).toEqual(['data']);
    // cloud-manager: no claim per replica; both replicas mount the same two claims.
    expect(manifests.some((m) => m.kind === 'StatefulSet' && m.name === 'cloud-manager')).toBe(false);
    const cloudManager = find(manifests, 'Deployment', 'cloud-manager');
    expect(replicas(cloudManager)).toBe(2);
    expect((cloudManager as unknown as PodSpecOf).spec.volumeClaimTemplates).toBeUndefined();
    expect(claimsOf(cloudManager)).toEqual({ state: 'cloud-manager-state', targets: 'cloud-manager-targets' });
    const claim = (name: string): unknown => find(manifests, 'PersistentVolumeClaim', name).spec;
    expect(claim('cloud-manager-state')).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } });
    expect(claim('cloud-manager-targets')).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Gi' } } });
    const settings = find(manifests, 'ConfigMap', 'cloud-manager').data as Record<string, string>;
    expect([settings.STATE_DIR, settings.TARGET_ROOT]).toEqual(['/var/lib/ferry/cloud-manager', '/var/lib/ferry/targets']);
  });

  it('given cloudManager.replicas=2 and storage classes, when a shared claim the pods mount is missing, or is ReadWriteOnce (fine for 1 replica), then the check names the claim', async () => {
    const { manifests, findings } = await renderAndCheck(FERRY_CHART, ['cloudManager.replicas=2,cloudManager.targetStorage.storageClassName=nfs-client']);
    expect(findings).toEqual([]);
    expect((find(manifests, 'PersistentVolumeClaim', 'cloud-manager-targets').spec as { storageClassName?: string }).storageClassName).toBe('nfs-client');
    const withoutTargets = manifests.filter((m) => !(m.kind === 'PersistentVolumeClaim' && m.name === 'cloud-manager-targets'));
    expect(await check(withoutTargets)).toEqual([expect.stringContaining('volume targets reads PersistentVolumeClaim cloud-manager-targets, which the chart does not render')]);
    const { findings: readWriteOnce } = await renderAndCheck(FERRY_CHART, ['cloudManager.replicas=2,cloudManager.storage.accessMode=ReadWriteOnce']);
    expect(readWriteOnce).toEqual([expect.stringContaining('its 2 replicas share volume state, PersistentVolumeClaim cloud-manager-state, whose accessModes are [ReadWriteOnce]; make the claim ReadWriteMany')]);
    // One replica on ReadWriteOnce: the Deployment recreates its pod (a rolling update would wait for the claim forever).
    const single = await renderAndCheck(FERRY_CHART, ['cloudManager.storage.accessMode=ReadWriteOnce']);
    expect(single.findings).toEqual([]);
    const deployment = single.manifests.find((m) => m.kind === 'Deployment' && m.name === 'cloud-manager')!;
    expect((deployment.object.spec as { strategy?: unknown }).strategy).toEqual({ type: 'Recreate' });
    expect((find(manifests, 'Deployment', 'cloud-manager').spec as { strategy?: unknown }).strategy).toBeUndefined();
    const rolling = single.manifests.map((m) => (m === deployment ? { ...m, object: { ...m.object, spec: { ...(m.object.spec as object), strategy: undefined } } } : m));
    expect(await check(rolling)).toEqual([expect.stringContaining('volume state is PersistentVolumeClaim cloud-manager-state [ReadWriteOnce], but a rolling update starts the new pod while the old one holds it')]);
  });

  it('given a copy of the chart whose cloud-manager keeps a volume per replica, when checked with 2 replicas, then the check fails naming STATE_DIR, TARGET_ROOT and their volumes; with 1 replica it passes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-chart-'));
    try {
      await cp(FERRY_CHART, dir, { recursive: true });
      const template = join(dir, 'templates', 'cloud-manager.yaml');
      const text = await readFile(template, 'utf8');
      const perReplica = text.replaceAll(' "shared" true', '');
      expect(perReplica).not.toBe(text);
      await writeFile(template, perReplica);
      const { manifests, findings } = await renderAndCheck(dir, ['cloudManager.replicas=2']);
      expect(find(manifests, 'StatefulSet', 'cloud-manager')).toBeDefined();
      expect(findings).toEqual([
        expect.stringContaining('STATE_DIR=/var/lib/ferry/cloud-manager is on volume state, a claim per replica (volumeClaimTemplates), but its 2 replicas must share it'),
        expect.stringContaining('TARGET_ROOT=/var/lib/ferry/targets is on volume targets, a claim per replica (volumeClaimTemplates), but its 2 replicas must share it'),
      ]);
      expect(findings.every((f) => f.includes('StatefulSet/cloud-manager') && f.includes('mark the volume "shared" true in charts/ferry/templates/cloud-manager.yaml'))).toBe(true);
      expect((await renderAndCheck(dir)).findings).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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

  it('given the default values, when rendered, then each data-plane service runs node with SERVICE_NODE_FLAGS; given other flags for one, then the check names it and its values key', async () => {
    const { manifests } = await renderAndCheck(FERRY_CHART);
    const command = (kind: string, name: string): string[] => (find(manifests, kind, name) as unknown as { spec: { template: { spec: { containers: { command: string[] }[] } } } }).spec.template.spec.containers[0]!.command;
    expect(command('StatefulSet', 'prem-manager')).toEqual(['node', '--max-semi-space-size=4', 'services/prem-manager/dist/src/main.js']);
    expect(command('Deployment', 'cloud-manager')).toEqual(['node', '--max-semi-space-size=4', 'services/cloud-manager/dist/src/main.js']);
    expect(command('StatefulSet', 'inventory')).toEqual(['node', 'services/inventory/dist/src/main.js']);
    const { findings } = await renderAndCheck(FERRY_CHART, ['premManager.nodeFlags={--max-semi-space-size=16}']);
    expect(findings).toEqual([expect.stringMatching(/prem-manager.*runs node with \[--max-semi-space-size=16\], but @ferry\/service-kit SERVICE_NODE_FLAGS gives prem-manager \[--max-semi-space-size=4\]; set its nodeFlags in charts\/ferry\/values.yaml/)]);
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
