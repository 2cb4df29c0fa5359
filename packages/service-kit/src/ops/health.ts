import { grpc } from '@ferry/proto';

const { ServingStatus } = grpc.health.v1.HealthCheckResponse;
export type ServingStatus = grpc.health.v1.HealthCheckResponse.ServingStatus;

/** Readiness of one service process, keyed by gRPC health service name ('' = the whole process). */
export class HealthRegistry {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly checks = new Map<string, () => boolean>();
  private readonly watchers = new Set<() => void>();

  constructor(readonly serviceName: string) {
    this.statuses.set('', ServingStatus.NOT_SERVING);
    this.statuses.set(serviceName, ServingStatus.NOT_SERVING);
  }

  /**
   * Adds a readiness condition (for example "NATS connected", "vCenter reachable"); the process is
   * SERVING only while every condition holds.
   */
  addCheck(name: string, ready: () => boolean): void {
    this.checks.set(name, ready);
    this.refresh();
  }

  /** Conditions that do not hold now, by name. */
  failing(): string[] {
    return [...this.checks].filter(([, ready]) => !ready()).map(([name]) => name);
  }

  /** Re-evaluates every check and notifies watchers when the status changed. */
  refresh(): void {
    const status = this.checks.size > 0 && this.failing().length === 0 ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    if (this.statuses.get('') === status) return;
    this.statuses.set('', status);
    this.statuses.set(this.serviceName, status);
    for (const notify of this.watchers) notify();
  }

  /** The status of `service` ('' or the service name), or SERVICE_UNKNOWN. */
  status(service: string): ServingStatus {
    return this.statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
  }

  /** Calls `notify` after every change; returns the unsubscribe function. */
  watch(notify: () => void): () => void {
    this.watchers.add(notify);
    return () => this.watchers.delete(notify);
  }

  /** Marks everything NOT_SERVING (shutdown begins) and stops notifying. */
  shutdown(): void {
    this.checks.clear();
    this.checks.set('shutting down', () => false);
    this.refresh();
  }
}
