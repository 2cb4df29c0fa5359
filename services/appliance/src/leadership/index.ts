// One leader among appliance replicas: a lease in JetStream KV with a fencing term.
export { decideLease, leaseValidUntil, sight, type LeaseAction, type LeaseRecord, type LeaseSighting, type ObservedLease } from './lease-rules';
export { LEADER_KEY, LEASE_BUCKET, openLeaseStore, type LeaseStore } from './lease-store';
export { LeaderLease, type LeaderLeaseOptions } from './leader-lease';
export { startLeadership, type Leadership } from './leadership';
