// Where transfer jobs and their state live on NATS (design §2: work queues for transfer jobs, so several
// prem-manager replicas share the work). The subject, stream and bucket are named in the NATS
// permissions (@ferry/service-kit identities.ts): only the appliance queues jobs and steers them, only
// prem-manager takes jobs and reports their state.
import { createHash } from 'node:crypto';

/** The work-queue stream: a job is removed once a replica acknowledges it (finished, failed or cancelled). */
export const TRANSFER_STREAM = 'FERRY_TRANSFERS';
export const TRANSFER_SUBJECT = 'ferry.transfer.jobs';
/** The one durable pull consumer every prem-manager replica fetches from. */
export const TRANSFER_CONSUMER = 'prem-manager';
/** KV bucket: `control.<key>` (the appliance: dispatch, cancel, cap) and `status.<key>` (the replica running it). */
export const TRANSFER_BUCKET = 'ferry-transfers';
/** Header naming which dispatch of a transfer a job message is (a later dispatch supersedes it). */
export const DISPATCH_HEADER = 'Ferry-Dispatch';

/**
 * A replica that takes a job reports at least this often that it works on it (JetStream's in-progress
 * ack); a job not reported for ACK_WAIT_MS goes to another replica.
 */
export const ACK_WAIT_MS = 15_000;
export const WORKING_EVERY_MS = 3_000;
/** How often the running replica writes the transfer's status (its heartbeat) to the bucket. */
export const STATUS_EVERY_MS = 1_000;

/**
 * The transfer of one disk generation of a migration, as a KV key token; prem-manager names its job
 * directories with it too (its jobKey). Callers pass the generation as stored (1 for a cold copy).
 */
export function transferKey(migrationId: string, diskId: string, generation: number): string {
  return createHash('sha256').update(`${migrationId}\0${diskId}\0${generation}`).digest('hex').slice(0, 24);
}
