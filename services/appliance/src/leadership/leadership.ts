// Runs the work only the leader may do (the migration runner and the scheduler) while this replica
// holds the leader lease: started when it is elected, stopped at once when it is deposed. Shown on
// /metrics as ferry_appliance_leader (1 on the leader, 0 elsewhere).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { Gauge, type Registry } from 'prom-client';
import { LeaderLease } from './leader-lease';
import { openLeaseStore } from './lease-store';

/** The leader's work, as started by `lead`. */
export interface LedWork {
  stop(): Promise<void>;
}

export interface LeadershipOptions {
  readonly nats: NatsConnection;
  /** Copies of the lease bucket (NATS_STREAM_REPLICAS). */
  readonly replicas: number;
  /** LEADER_LEASE_TTL_MS. */
  readonly ttlMs: number;
  readonly metrics?: Registry;
  readonly log: (message: string) => void;
  /** Starts the leader's work; `fence()` is false from the moment this replica may no longer act. */
  readonly lead: (fence: () => boolean, term: number) => Promise<LedWork>;
}

export interface Leadership {
  /** Stops the leader's work and releases the lease (the other replica takes over at its next tick). */
  stop(): Promise<void>;
}

const RETRY_START_MS = 1000;

function leaderGauge(metrics: Registry | undefined): Gauge | undefined {
  if (!metrics) return undefined;
  const existing = metrics.getSingleMetric('ferry_appliance_leader');
  if (existing) return existing as Gauge;
  return new Gauge({ name: 'ferry_appliance_leader', help: '1 while this appliance replica holds the leader lease (it runs migrations and the scheduler), else 0', registers: [metrics] });
}

export async function startLeadership(options: LeadershipOptions): Promise<Leadership> {
  const gauge = leaderGauge(options.metrics);
  gauge?.set(0);
  const self = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  let work: LedWork | undefined;
  // Transitions run one after another: a deposition waits for a start under way, then stops it.
  let transitions: Promise<void> = Promise.resolve();
  let stopped = false;
  const stopWork = async (): Promise<void> => {
    const running = work;
    work = undefined;
    await running?.stop().catch((error: unknown) => options.log(`stopping the leader's work failed: ${(error as Error).message}`));
  };
  const startWork = async (term: number): Promise<void> => {
    if (stopped || !lease.holds(term) || work) return;
    try {
      work = await options.lead(() => lease.holds(term), term);
    } catch (error) {
      options.log(`starting the leader's work in term ${term} failed (${(error as Error).message}); trying again in ${RETRY_START_MS} ms`);
      setTimeout(() => void (transitions = transitions.then(() => startWork(term))), RETRY_START_MS).unref();
      return;
    }
    if (!lease.holds(term)) await stopWork();
  };
  const lease: LeaderLease = new LeaderLease(await openLeaseStore(options.nats, options.replicas), {
    self,
    ttlMs: options.ttlMs,
    log: options.log,
    onLeading: (term) => {
      // Leading is holding the lease: the gauge says so at once, while the runner resumes the unfinished migrations.
      gauge?.set(1);
      transitions = transitions.then(() => startWork(term));
    },
    // The fence is already closed (holds() is false); this stops what is running.
    onFollowing: () => {
      gauge?.set(0);
      transitions = transitions.then(stopWork);
    },
  });
  await lease.start();
  await transitions;
  if (lease.term() === undefined) options.log(`appliance replica ${self} follows: another replica leads; this one serves the API and takes over if the leader stops renewing its lease for ${options.ttlMs} ms`);
  return {
    async stop() {
      stopped = true;
      await lease.stop();
      await transitions;
      await stopWork();
    },
  };
}
