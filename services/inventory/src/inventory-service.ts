import { JetStreamEventStore, signedStoreOptions, ProjectionRunner } from '@ferry/event-store';
import type { NatsConnection } from 'nats';
import { InventoryApi } from './api/inventory-api';
import { startInventoryServer } from './api/grpc-server';
import { InventoryReadModel } from './journal/read-model';
import { loadSupportMatrix } from './readiness/matrix';
import { loadRules } from './readiness/rules';
import { SiteSync, type VcenterEndpoint } from './sync/site-sync';

/** What the inventory needs to run. */
export interface InventoryServiceOptions {
  nats: NatsConnection;
  endpoints: VcenterEndpoint[];
  apiHost: string;
  apiPort: number;
  /** Where the event-signing key and checkpoint live, and the CA that certifies the key. */
  signing: { caDir: string; stateDir: string };
  /** Copies of the event stream when this service creates it (NATS_STREAM_REPLICAS). */
  streamReplicas: number;
  log: (message: string) => void;
  /** Called when a site's sync state changes. */
  onChange?: () => void;
}

/** The running inventory. */
export interface RunningInventory {
  readonly apiPort: number;
  readonly sites: readonly SiteSync[];
  readonly model: InventoryReadModel;
  /** Stops the collectors, the API (letting running calls finish) and the projection, in that order. */
  stop(): Promise<void>;
}

/**
 * Wires the inventory: the read model rebuilt from the event store (caught up before the API
 * answers), the gRPC API over it, and one SiteSync per vCenter appending to the store.
 */
export async function startInventory(opts: InventoryServiceOptions): Promise<RunningInventory> {
  const readiness = { rules: loadRules(), matrix: loadSupportMatrix() };
  const store = await JetStreamEventStore.open(opts.nats, { ...(await signedStoreOptions({ ...opts.signing, name: 'inventory' })), replicas: opts.streamReplicas });
  const model = new InventoryReadModel();
  const runner = new ProjectionRunner(store, model);
  await runner.start();
  await runner.caughtUp();
  opts.log(`inventory projection rebuilt from the event store up to sequence ${runner.position}: ${model.view.count()} VMs`);
  const server = await startInventoryServer(new InventoryApi(model.view, readiness), opts.apiHost, opts.apiPort);
  const sites = opts.endpoints.map((endpoint) => new SiteSync(endpoint, { store, runner, model, log: opts.log, onChange: opts.onChange }));
  for (const s of sites) s.start();
  return {
    apiPort: server.port,
    sites,
    model,
    stop: async () => {
      await Promise.all(sites.map((s) => s.stop()));
      await server.close();
      await runner.stop();
    },
  };
}
