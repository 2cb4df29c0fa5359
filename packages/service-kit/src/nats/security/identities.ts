// Who may do what on NATS: one identity per service (plus the read-only auditor), each with the
// subjects it publishes and subscribes to and nothing else. The nats-server config is rendered from
// this table (see server-config.ts); docs/security.md prints it for operators.

/** An allow list and a deny list of NATS subjects (a deny wins over an allow). */
export interface SubjectRules {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

/** What one NATS user may publish and subscribe to. */
export interface NatsPermissions {
  readonly publish: SubjectRules;
  readonly subscribe: SubjectRules;
  /** May answer requests it received (publish to their reply subject once), without a standing _INBOX allow. */
  readonly allowResponses: boolean;
}

export const NATS_IDENTITIES = ['appliance', 'inventory', 'guest-prep', 'prem-esxi-manager', 'prem-manager', 'cloud-manager', 'cloud-cache', 'auditor'] as const;
/** A NATS user: one per service, and `auditor` for `ferry audit verify`, the demo's checks and tests that read the store. */
export type NatsIdentity = (typeof NATS_IDENTITIES)[number];

const EVENTS = 'FERRY_EVENTS';

/**
 * Subjects no identity may publish: the JetStream API calls that would remove history or change the
 * event stream (lowering its limits, clearing deny_delete/deny_purge). nats-server checks subjects
 * only, not request bodies, so updates are denied outright; see docs/security.md for changing the
 * stream's settings as an administrator.
 */
export const FORBIDDEN_FOR_ALL: readonly string[] = [
  `$JS.API.STREAM.PURGE.${EVENTS}`,
  `$JS.API.STREAM.MSG.DELETE.${EVENTS}`,
  `$JS.API.STREAM.DELETE.${EVENTS}`,
  `$JS.API.STREAM.UPDATE.${EVENTS}`,
];

/** Reading the event stream: stream info, direct gets and the short-lived consumers of a read or a follow. */
const READ_EVENTS: readonly string[] = [
  '$JS.API.INFO',
  `$JS.API.STREAM.INFO.${EVENTS}`,
  `$JS.API.STREAM.MSG.GET.${EVENTS}`,
  `$JS.API.CONSUMER.CREATE.${EVENTS}`,
  `$JS.API.CONSUMER.CREATE.${EVENTS}.>`,
  `$JS.API.CONSUMER.INFO.${EVENTS}.>`,
  `$JS.API.CONSUMER.DELETE.${EVENTS}.>`,
  `$JS.API.CONSUMER.MSG.NEXT.${EVENTS}.>`,
  // Flow-control answers of the ordered consumer a live subscription uses.
  '$JS.FC.>',
];

/** Appending to the event stream: creating it when it is missing (the stream create cannot change an existing one). */
const APPEND_EVENTS = [...READ_EVENTS, `$JS.API.STREAM.CREATE.${EVENTS}`];

/** The appliances' leader lease (JetStream KV bucket ferry-leases): create the bucket, read and compare-and-set its keys. */
const LEASES = 'ferry-leases';
const HOLD_LEASES: readonly string[] = [
  `$JS.API.STREAM.INFO.KV_${LEASES}`,
  `$JS.API.STREAM.CREATE.KV_${LEASES}`,
  `$JS.API.STREAM.MSG.GET.KV_${LEASES}`,
  `$JS.API.DIRECT.GET.KV_${LEASES}.>`,
  `$KV.${LEASES}.>`,
];

/**
 * The transfer queue (@ferry/transfer-queue): the work-queue stream FERRY_TRANSFERS and the KV bucket
 * ferry-transfers. Either side may create them. Only the appliance queues jobs and writes their
 * `control` records; only prem-manager takes jobs (the one durable consumer), acks them and writes
 * their `status` records; both read both records.
 */
const TRANSFERS = 'FERRY_TRANSFERS';
const TRANSFER_BUCKET = 'ferry-transfers';
const TRANSFER_QUEUE_SETUP: readonly string[] = [
  '$JS.API.INFO',
  `$JS.API.STREAM.INFO.${TRANSFERS}`,
  `$JS.API.STREAM.CREATE.${TRANSFERS}`,
  `$JS.API.STREAM.INFO.KV_${TRANSFER_BUCKET}`,
  `$JS.API.STREAM.CREATE.KV_${TRANSFER_BUCKET}`,
  `$JS.API.STREAM.MSG.GET.KV_${TRANSFER_BUCKET}`,
  `$JS.API.DIRECT.GET.KV_${TRANSFER_BUCKET}.>`,
];
const QUEUE_TRANSFERS: readonly string[] = [...TRANSFER_QUEUE_SETUP, 'ferry.transfer.jobs', `$KV.${TRANSFER_BUCKET}.control.>`];
const TAKE_TRANSFERS: readonly string[] = [
  ...TRANSFER_QUEUE_SETUP,
  `$JS.API.CONSUMER.INFO.${TRANSFERS}.prem-manager`,
  `$JS.API.CONSUMER.CREATE.${TRANSFERS}.prem-manager`,
  `$JS.API.CONSUMER.CREATE.${TRANSFERS}.prem-manager.>`,
  `$JS.API.CONSUMER.DURABLE.CREATE.${TRANSFERS}.prem-manager`,
  `$JS.API.CONSUMER.MSG.NEXT.${TRANSFERS}.prem-manager`,
  `$JS.ACK.${TRANSFERS}.prem-manager.>`,
  `$KV.${TRANSFER_BUCKET}.status.>`,
];

/** Replies to its own requests and the deliveries of its consumers arrive on _INBOX subjects. */
const INBOX = '_INBOX.>';

function identity(own: { commands: string; publish: readonly string[]; subscribe?: readonly string[] }): NatsPermissions {
  return {
    publish: { allow: own.publish, deny: FORBIDDEN_FOR_ALL },
    subscribe: { allow: [`ferry.cmd.${own.commands}.>`, INBOX, ...(own.subscribe ?? [])], deny: [] },
    allowResponses: true,
  };
}

/** Every identity's permissions. Only the appliance appends migration (and plan, principal, security) events. */
export const NATS_PERMISSIONS: Readonly<Record<NatsIdentity, NatsPermissions>> = {
  appliance: identity({
    commands: 'appliance',
    publish: [...APPEND_EVENTS, ...HOLD_LEASES, ...QUEUE_TRANSFERS, 'ferry.evt.migration.>', 'ferry.evt.plan.>', 'ferry.evt.principals.>', 'ferry.evt.security.>', 'ferry.cmd.guest-prep.>', 'ferry.cmd.cloud-cache.>'],
  }),
  inventory: identity({ commands: 'inventory', publish: [...APPEND_EVENTS, 'ferry.evt.inventory.>'] }),
  // A replica asks the others which of them runs a run it was sent again (packages/service-kit/src/nats/run-owners.ts).
  'guest-prep': identity({ commands: 'guest-prep', publish: [...APPEND_EVENTS, 'ferry.evt.guestprep.>', 'ferry.evt.fixup.>', 'ferry.cmd.guest-prep.run-owner.>'] }),
  'prem-esxi-manager': identity({ commands: 'prem-esxi-manager', publish: [] }),
  'prem-manager': identity({ commands: 'prem-manager', publish: TAKE_TRANSFERS }),
  'cloud-manager': identity({ commands: 'cloud-manager', publish: [] }),
  // cloud-cache looks up whether a migration is known before it creates a volume for it.
  'cloud-cache': identity({ commands: 'cloud-cache', publish: ['$JS.API.INFO', `$JS.API.STREAM.INFO.${EVENTS}`, `$JS.API.STREAM.MSG.GET.${EVENTS}`] }),
  // Reads the whole store (audit verify, replay) and pings the services; it appends nothing and handles no commands.
  auditor: {
    publish: { allow: [...READ_EVENTS, 'ferry.cmd.*.ping'], deny: FORBIDDEN_FOR_ALL },
    // Live events too (tests and operators watching a migration's subject); reading them is already allowed through JetStream.
    subscribe: { allow: [INBOX, 'ferry.evt.>'], deny: [] },
    allowResponses: false,
  },
};
