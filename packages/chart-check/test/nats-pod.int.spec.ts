import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'nats';
import { ensureNatsCredentials, NATS_IDENTITIES, natsConnectionOptions } from '@ferry/service-kit';
import { FERRY_CHART, parseManifests, renderChart, REPO, type Manifest } from '../src';
import type { Container } from '../src/workloads';

jest.setTimeout(120_000);
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function object<T>(manifests: Manifest[], kind: string, name: string): T {
  const found = manifests.find((m) => m.kind === kind && m.name === name);
  if (found === undefined) throw new Error(`the chart renders no ${kind}/${name}`);
  return found.object as T;
}

/** Starts nats-server and resolves once it is ready; rejects with its output if it exits. */
function startNatsServer(config: string, podName: string): Promise<ChildProcess> {
  const child = spawn('nats-server', ['--config', config], { env: { ...process.env, POD_NAME: podName }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.includes('Server is ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`nats-server exited ${String(code)}:\n${output}`)));
  });
}

describe('the chart\'s NATS pod (its init container, then Debian\'s nats-server)', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  afterAll(async () => {
    server?.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('given the rendered init container run on the chart\'s site CA and the operator\'s seeds, when nats-server starts on its config, then a service joins over TLS with its nkey and an anonymous client is refused', async () => {
    const [client, monitor] = [await freePort(), await freePort()];
    const manifests = parseManifests(await renderChart({ chartDir: FERRY_CHART, sets: [`nats.ports.client=${client},nats.ports.monitor=${monitor}`] }));
    dir = await mkdtemp(join(tmpdir(), 'ferry-nats-pod-'));
    // The pod's mounts, under the temp folder: the site CA Secret, the seeds Secret, the cluster ConfigMap, the config emptyDir.
    const at = (path: string): string => join(dir, path);
    const siteCa = object<{ data: Record<string, string> }>(manifests, 'Secret', 'ferry-site-ca');
    await mkdir(at('etc/ferry/site-ca-secret'), { recursive: true });
    for (const [key, value] of Object.entries(siteCa.data)) await writeFile(at(`etc/ferry/site-ca-secret/${key}`), Buffer.from(value, 'base64'));
    await ensureNatsCredentials(at('etc/ferry/nats-seeds'), NATS_IDENTITIES); // what docs/deploy.md has the operator do
    await mkdir(at('etc/ferry/nats-cluster'), { recursive: true });
    await writeFile(at('etc/ferry/nats-cluster/cluster.conf'), object<{ data: Record<string, string> }>(manifests, 'ConfigMap', 'nats-server').data['cluster.conf'] ?? '');
    await mkdir(at('etc/nats/site-ca'), { recursive: true });
    await mkdir(at('etc/nats/credentials'), { recursive: true });

    const pod = object<{ spec: { template: { spec: { initContainers: Container[] } } } }>(manifests, 'StatefulSet', 'nats-server').spec.template.spec;
    const init = pod.initContainers.find((c) => c.name === 'config')!;
    const moved = (text: string): string => text.replaceAll('/etc/', `${dir}/etc/`);
    const env = Object.fromEntries((init.env ?? []).map((e) => [e.name, moved(e.value ?? '')]));
    const [shell, ...args] = (init.command ?? []).map(moved);
    await run(shell!, args, { cwd: REPO, env: { ...process.env, ...env } });

    const configFile = at('etc/nats/nats-server.conf');
    await writeFile(configFile, (await readFile(configFile, 'utf8')).replace('"/data/jetstream"', JSON.stringify(at('jetstream'))));
    server = await startNatsServer(configFile, 'nats-server-0');

    const url = `tls://127.0.0.1:${client}`;
    const nc = await connect(await natsConnectionOptions({ url, credentialsFile: at('etc/nats/credentials/appliance.nk'), caFile: at('etc/nats/site-ca/ca.crt') }));
    const account = await (await nc.jetstreamManager()).getAccountInfo();
    expect(account.limits).toBeDefined();
    await nc.close();
    await expect(connect({ servers: url, tls: { ca: await readFile(at('etc/nats/site-ca/ca.crt'), 'utf8') }, reconnect: false })).rejects.toThrow(/Authorization/i);
  });
});
