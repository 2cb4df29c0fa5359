// A nats-server cluster on loopback for cluster mode (docs/event-store.md, "Cluster mode"): every node
// with JetStream and a store of its own, the same TLS and nkey identities as a single server, and
// routes to each other. Services join it with NATS_URL listing every node and NATS_STREAM_REPLICAS.
import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import type { NatsIdentity } from '@ferry/service-kit';
import { startNatsNode, registerHarnessNats, type NatsHandle } from './nats';
import { prepareNatsSecurity } from './nats-security';
import { freePort } from './ports';

/** Options for {@link startNatsCluster}. */
export interface StartNatsClusterOptions {
  /** How many nodes. Default 3 (R3 streams need three). */
  readonly nodes?: number;
  /** Site CA folder the servers' certificate is issued from. Default: a CA of its own in a temp dir. */
  readonly caDir?: string;
  /** How long each node may take to report ready. Default 30 s. */
  readonly readyTimeoutMs?: number;
}

/** A running cluster. As a NatsHandle it stands for the whole cluster (url lists every node); kill and restart one node through `nodes`. */
export interface NatsClusterHandle extends NatsHandle {
  readonly nodes: readonly NatsHandle[];
  /** The copies a stream gets in this cluster, for NATS_STREAM_REPLICAS. */
  readonly replicas: number;
}

const CLUSTER_NAME = 'ferry';

/**
 * Starts `nodes` nats-servers routed to each other on loopback, waits until each answers /healthz and
 * the cluster has elected its JetStream meta leader (a stream can be created). Call stop() in afterAll.
 */
export async function startNatsCluster(options: StartNatsClusterOptions = {}): Promise<NatsClusterHandle> {
  const count = options.nodes ?? 3;
  const security = await prepareNatsSecurity(options.caDir);
  // Every node's route port is known before any node starts; no node may pick one of them (or another node's port) for itself.
  const taken = new Set<number>();
  const pickPort = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (taken.has(port)) continue;
      taken.add(port);
      return port;
    }
  };
  const routePorts: number[] = [];
  for (let i = 0; i < count; i++) routePorts.push(await pickPort());
  const routes = routePorts.map((port) => `nats-route://127.0.0.1:${port}`);
  const nodes: NatsHandle[] = [];
  try {
    const started = await Promise.allSettled(routePorts.map((routePort, i) =>
      startNatsNode({ readyTimeoutMs: options.readyTimeoutMs ?? 30_000, pickPort }, { security, cluster: { name: CLUSTER_NAME, serverName: `ferry-nats-${i + 1}`, routePort, routes } })));
    for (const result of started) if (result.status === 'fulfilled') nodes.push(result.value);
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await security.remove();
    throw error;
  }
  const url = nodes.map((node) => node.url).join(',');
  const servers = nodes.map((node) => node.url);
  const connectionOptions = async (identity: NatsIdentity = 'auditor'): Promise<ConnectionOptions> => ({ ...(await security.connectionOptions(identity)), servers });
  const first = nodes[0]!;
  const handle: NatsClusterHandle = {
    url, port: first.port, monitorPort: first.monitorPort, dataDir: first.dataDir, security, nodes, replicas: Math.min(3, count),
    log: () => nodes.map((node, i) => `--- node ${i + 1} (${node.url})\n${node.log()}`).join('\n'),
    serviceEnv: (identity) => ({ NATS_URL: url, NATS_STREAM_REPLICAS: String(Math.min(3, count)), ...security.serviceEnv(identity) }),
    connectionOptions,
    connect: async (identity, extra = {}): Promise<NatsConnection> => connect({ ...(await connectionOptions(identity)), ...extra }),
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()));
      await security.remove();
    },
    async kill9() {
      await Promise.all(nodes.map((node) => node.kill9()));
    },
    async restart() {
      await Promise.all(nodes.map((node) => node.restart()));
    },
  };
  registerHarnessNats(url, handle);
  await waitForMetaLeader(handle);
  return handle;
}

/** JetStream in a fresh cluster answers only once the nodes have elected a meta leader. */
async function waitForMetaLeader(cluster: NatsClusterHandle): Promise<void> {
  const deadline = Date.now() + 30_000;
  const nc = await cluster.connect('auditor');
  try {
    for (;;) {
      try {
        await (await nc.jetstreamManager()).getAccountInfo();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`the nats-server cluster elected no JetStream leader in 30 s (${(error as Error).message}); its logs:\n${cluster.log()}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await nc.close();
  }
}
