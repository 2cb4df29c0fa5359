import type { NatsConnection } from 'nats';
import { ValidationError } from '@ferry/errors';

/**
 * Checks NATS_STREAM_REPLICAS against the server the service joined: more than one copy needs a
 * nats-server cluster (its INFO names the cluster). Without this a replicated stream would fail
 * later, at its creation, with the server's "insufficient resources". A cluster with fewer nodes than
 * copies is refused by the server when the stream is created (routes may still be forming now).
 */
export function checkStreamReplicas(nc: NatsConnection, replicas: number): void {
  if (replicas <= 1) return;
  const info = nc.info;
  const server = nc.getServer();
  if (!info?.cluster) {
    throw new ValidationError('NATS_STREAM_REPLICAS', `NATS_STREAM_REPLICAS=${replicas} but nats-server ${server} is not part of a cluster; join a cluster of at least ${replicas} nodes (NATS_URL lists them, comma-separated) or set NATS_STREAM_REPLICAS=1 (docs/event-store.md, "Cluster mode")`);
  }
}
