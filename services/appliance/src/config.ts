import { boolean, defineConfig, int, oneOf, port, serviceBase, string, type ConfigOf } from '@ferry/service-kit';

/** Everything the appliance service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8000 }),
  apiPort: port({ env: 'API_PORT', default: 443, doc: 'integrator gRPC API' }),
  apiHost: string({ env: 'API_HOST', default: '0.0.0.0', doc: 'address the integrator gRPC API binds to' }),
  // The API's transport and access (docs/security.md, "The integrator API").
  apiInsecure: boolean({ env: 'API_INSECURE', default: false, doc: 'true = serve the integrator API as plaintext gRPC (logged as a warning at start); default TLS' }),
  apiTlsCertFile: string({ env: 'API_TLS_CERT_FILE', default: '', doc: 'PEM certificate (chain) of the API; empty = one issued from the site CA in CA_DIR (appliance-api.crt)' }),
  apiTlsKeyFile: string({ env: 'API_TLS_KEY_FILE', default: '', doc: 'PEM private key of API_TLS_CERT_FILE' }),
  apiTlsNames: string({ env: 'API_TLS_NAMES', default: '', doc: 'comma-separated host names and addresses clients reach the API by, added to the issued certificate (localhost, 127.0.0.1 and this host\'s name always are)' }),
  stateDir: string({ env: 'STATE_DIR', default: '/var/lib/ferry/appliance', doc: 'the appliance\'s own secrets (0700): the login token signing key, the admin init code' }),
  apiTokenTtlMs: int({ env: 'API_TOKEN_TTL_MS', default: 3_600_000, min: 60_000, max: 86_400_000, doc: 'how long a token from `ferry login` is accepted' }),
  adminBootstrapFile: string({ env: 'ADMIN_BOOTSTRAP_FILE', default: '', doc: 'file holding the first admin\'s password, read at start while the site has no admin; empty = `ferry admin init` with the init code in STATE_DIR' }),
  adminBootstrapUser: string({ env: 'ADMIN_BOOTSTRAP_USER', default: 'admin', doc: 'name of the admin made from ADMIN_BOOTSTRAP_FILE' }),
  securityFlushMs: int({ env: 'SECURITY_FLUSH_MS', default: 10_000, min: 100, max: 600_000, doc: 'refused calls are written to the security stream once per this window' }),
  securityMaxDistinct: int({ env: 'SECURITY_MAX_DISTINCT', default: 20, min: 1, max: 1000, doc: 'distinct refusals (RPC, code, principal, client host, reason) stored per window; the rest are folded into one' }),
  inventoryApiUrl: string({ env: 'INVENTORY_API_URL', default: '127.0.0.1:8009', doc: 'host:port of the inventory service gRPC API (ferry.inventory.v1)' }),
  analyzerPort: port({ env: 'ANALYZER_PORT', default: 32820, doc: 'IO-analyzer summaries pushed in by cloud-cache (HTTPS POST, application/x-protobuf; mutual TLS: clients need a certificate from the site CA in CA_DIR); 0 = a free port' }),
  analyzerHost: string({ env: 'ANALYZER_HOST', default: '0.0.0.0', doc: 'address the IO-analyzer intake binds to' }),
  // What IO-analyzer pushes may make the appliance hold; a sender is an address (reported_by in ListCacheVolumes).
  // Every refusal is answered (413 or 429, Retry-After on 429) with the variable and its value in the body.
  analyzerMaxBodyBytes: int({ env: 'ANALYZER_MAX_BODY_BYTES', default: 8 << 20, min: 1024, max: 64 << 20, doc: 'largest pushed body; a larger one is answered 413 (its bytes are read and dropped)' }),
  analyzerMaxPendingBytes: int({ env: 'ANALYZER_MAX_PENDING_BYTES', default: 32 << 20, min: 1024, max: 1 << 30, doc: 'bytes of pushed bodies held at once over all senders while they arrive; a push that would pass it is answered 429' }),
  analyzerMaxVolumes: int({ env: 'ANALYZER_MAX_VOLUMES', default: 10_000, min: 1, max: 1_000_000, doc: 'volumes whose latest summary is held, over all senders; a push adding more is answered 429 until older ones expire' }),
  analyzerMaxVolumesPerSender: int({ env: 'ANALYZER_MAX_VOLUMES_PER_SENDER', default: 1000, min: 1, max: 1_000_000, doc: 'volumes one sender address may have held; a batch with more is answered 413, a push that would pass it 429' }),
  analyzerMaxVolumeIdBytes: int({ env: 'ANALYZER_MAX_VOLUME_ID_BYTES', default: 229, min: 15, max: 229, doc: 'longest volume_id ("<iSCSI name>/<lun>": a name has at most 223 bytes, a LUN at most 5 digits); a longer one is answered 400' }),
  analyzerSummariesPerSecond: int({ env: 'ANALYZER_SUMMARIES_PER_SECOND', default: 1000, min: 1, max: 1_000_000, doc: 'volume summaries one sender address may push per second (a batch of n costs n, an empty one 1), in bursts up to ANALYZER_MAX_VOLUMES_PER_SENDER; over it 429' }),
  analyzerMaxSenders: int({ env: 'ANALYZER_MAX_SENDERS', default: 1024, min: 1, max: 1_000_000, doc: 'sender addresses the per-sender rate is tracked for at once (one is forgotten when its budget is full again); a push from another address past it is answered 429' }),
  analyzerSummaryTtlMs: int({ env: 'ANALYZER_SUMMARY_TTL_MS', default: 600_000, min: 1000, max: 604_800_000, doc: 'a volume whose latest summary is older than this is dropped from ListCacheVolumes, /metrics and the counts above' }),
  analyzerMetricsMaxVolumes: int({ env: 'ANALYZER_METRICS_MAX_VOLUMES', default: 200, min: 0, max: 10_000, doc: 'volumes with their own series on /metrics (the busiest by read + write ops); the others are summed into volume="_other"' }),
  // Orchestration of migrations: runs when PREM_VCENTER_URL is set (without it the appliance serves the API only).
  premVcenterUrl: string({ env: 'PREM_VCENTER_URL', default: '', doc: 'the prem (source) vCenter SDK, https://host/sdk; empty = no orchestration' }),
  premVcenterUsername: string({ env: 'PREM_VCENTER_USERNAME', default: '', doc: 'user that may power the source VMs off and on' }),
  premVcenterPassword: string({ env: 'PREM_VCENTER_PASSWORD', default: '', doc: 'password of PREM_VCENTER_USERNAME' }),
  premVcenterThumbprint: string({ env: 'PREM_VCENTER_THUMBPRINT', default: '', doc: 'pinned certificate thumbprint of the prem vCenter' }),
  cloudVcenterUrl: string({ env: 'CLOUD_VCENTER_URL', default: '', doc: 'the cloud (target) vCenter SDK, https://host/sdk' }),
  cloudVcenterUsername: string({ env: 'CLOUD_VCENTER_USERNAME', default: '', doc: 'user that may create, power and destroy target VMs and datastore files' }),
  cloudVcenterPassword: string({ env: 'CLOUD_VCENTER_PASSWORD', default: '', doc: 'password of CLOUD_VCENTER_USERNAME' }),
  cloudVcenterThumbprint: string({ env: 'CLOUD_VCENTER_THUMBPRINT', default: '', doc: 'pinned certificate thumbprint of the cloud vCenter' }),
  shipperUrl: string({ env: 'SHIPPER_URL', default: '127.0.0.1:5000', doc: 'host:port of prem-manager transfer control (ferry.dataplane.v1.Shipper): transfers with TRANSFER_DISPATCH=direct, and a warm migration\'s demand reads (ExposeDisk) either way' }),
  transferDispatch: oneOf({ env: 'TRANSFER_DISPATCH', default: 'queue', values: ['queue', 'direct'] as const, doc: 'how disk transfers reach prem-manager: "queue" (the JetStream work queue FERRY_TRANSFERS: any prem-manager replica takes a job, another takes it over when one dies) or "direct" (the control RPC of the one prem-manager at SHIPPER_URL)' }),
  blockSourceUrl: string({ env: 'BLOCK_SOURCE_URL', default: '127.0.0.1:32821', doc: 'host:port of prem-esxi-manager block reads, as prem-manager reaches it' }),
  receiverUrl: string({ env: 'RECEIVER_URL', default: '127.0.0.1:6000', doc: 'host:port of cloud-manager interconnect, as prem-manager reaches it; several replicas sharing TARGET_ROOT and STATE_DIR comma-separated (a session whose receiver died goes to the next)' }),
  // Migrate back: prem-manager reads the cloud VM's disks from cloud-manager and writes the prem disks through prem-esxi-manager.
  cloudBlockSourceUrl: string({ env: 'CLOUD_BLOCK_SOURCE_URL', default: '127.0.0.1:6001', doc: 'host:port of cloud-manager\'s block source (BLOCK_READ_PORT: the cloud VMs\' disks through the cloud vCenter), as prem-manager reaches it; empty = no migrate back' }),
  cacheBlockSourceUrl: string({ env: 'CACHE_BLOCK_SOURCE_URL', default: '', doc: 'host:port prem-manager reads cache volumes from for migrate back over the cache ("cache:<iqn>/<lun>"); empty (default): CLOUD_BLOCK_SOURCE_URL, cloud-manager relaying them from cloud-cache' }),
  premBlockWriteUrl: string({ env: 'PREM_BLOCK_WRITE_URL', default: '127.0.0.1:32822', doc: 'host:port of prem-esxi-manager\'s block writer (BLOCK_WRITE_PORT: migrate back\'s writes into the prem disks), as prem-manager reaches it' }),
  caDir: string({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', doc: 'site CA the appliance gets its mutual-TLS client certificate from' }),
  sourceVolumes: string({ env: 'SOURCE_VOLUMES', default: '/vmfs/volumes', doc: 'where prem-esxi-manager sees the prem datastores (<dir>/<datastore>/…)' }),
  targetVolumes: string({ env: 'TARGET_VOLUMES', default: '/vmfs/volumes', doc: 'where cloud-manager sees the cloud datastores (<dir>/<datastore>/…)' }),
  guestShutdownTimeoutMs: int({ env: 'GUEST_SHUTDOWN_TIMEOUT_MS', default: 300_000, min: 0, max: 3_600_000, doc: 'guest shutdown wait before a hard power-off of the source' }),
  stepRetries: int({ env: 'STEP_RETRIES', default: 3, min: 0, max: 20, doc: 'times a migration step that failed transiently (vCenter busy, a peer restarting) is run again before the migration fails' }),
  serviceOutageMs: int({ env: 'SERVICE_OUTAGE_MS', default: 120_000, min: 0, max: 86_400_000, doc: 'how long a migration step waits, running it again, while no Ferry service takes its NATS command (one restarting, or reconnecting after a NATS outage) before the migration fails retryable; 0: STEP_RETRIES only' }),
  vcenterOutageMs: int({ env: 'VCENTER_OUTAGE_MS', default: 600_000, min: 0, max: 86_400_000, doc: 'how long a migration step waits for a vCenter that is unreachable (a restart, a network cut), running it again, before the migration fails retryable; 0: STEP_RETRIES only' }),
  stepRetryBackoffMs: int({ env: 'STEP_RETRY_BACKOFF_MS', default: 2000, min: 0, max: 600_000, doc: 'pause before the first re-run of a failed step; each later pause is three times longer' }),
  // One leader among replicas (docs/event-store.md, "One leader among appliances"): failover takes at most about TTL + 2 × TTL/8.
  leaderLeaseTtlMs: int({ env: 'LEADER_LEASE_TTL_MS', default: 8000, min: 2000, max: 60_000, doc: 'a leader that has not renewed its lease (JetStream KV ferry-leases) for this long is replaced by another appliance replica; renewed every TTL/8' }),
  redriveIntervalMs: int({ env: 'REDRIVE_INTERVAL_MS', default: 60_000, min: 0, max: 86_400_000, doc: 'how often every unfinished migration is driven on again as a safety net (it is also at each reconnect to NATS); 0 = only at reconnects' }),
  fixupTimeoutMs: int({ env: 'FIXUP_TIMEOUT_MS', default: 600_000, min: 1000, max: 86_400_000, doc: 'how long guest-prep may take to fix up a replica (mount, initramfs rebuild), or to restore the prem guest on migrate back, before the step fails' }),
  copyPollMs: int({ env: 'COPY_POLL_MS', default: 500, min: 10, max: 60_000, doc: 'how often the appliance polls a running disk transfer' }),
  // A full cloud datastore: the transfer waits in prem-manager (GetMigration and `ferry watch` show why at once);
  // still without room after this long, the copy step fails retryable, naming the datastore, the MiB to free and `ferry retry`.
  noSpaceWaitMs: int({ env: 'NO_SPACE_WAIT_MS', default: 300_000, min: 0, max: 86_400_000, doc: 'how long a disk copy may wait for room on its full cloud datastore (the copy goes on by itself if room is made meanwhile) before the copy step fails, retryable' }),
  // Warm migration: runs when CACHE_ISCSI_PORTAL is set (without it a warm migration fails at its first warm step, naming this variable).
  cacheIscsiPortal: string({ env: 'CACHE_ISCSI_PORTAL', default: '', doc: 'host:port of cloud-cache\'s iSCSI portal as the cloud hosts reach it; empty = no warm migration' }),
  cloudHostInitiators: string({
    env: 'CLOUD_HOST_INITIATORS', default: '',
    doc: 'comma-separated iSCSI names of the cloud hosts\' iSCSI adapters (e.g. iqn.1998-01.com.vmware:esx-1): the only initiators a warm migration\'s cache volume admits, besides its CHAP secret; empty = any initiator that knows the secret (logged as a warning at start)',
  }),
  demandLaneUrl: string({ env: 'DEMAND_LANE_URL', default: '127.0.0.1:7000', doc: 'host:port of cloud-manager\'s demand lane (INTERCONNECT_ALT_PORT), as prem-manager reaches it' }),
  guestUser: string({ env: 'GUEST_USER', default: 'root', doc: 'guest login guest-prep uses through vSphere Guest Operations to prepare a warm migration\'s source' }),
  guestPasswordFile: string({ env: 'GUEST_PASSWORD_FILE', default: '', doc: 'file holding the password of GUEST_USER (read at start; never logged)' }),
  guestPrepTimeoutMs: int({ env: 'GUEST_PREP_TIMEOUT_MS', default: 1_800_000, min: 1000, max: 86_400_000, doc: 'how long guest-prep may take to prepare a source guest' }),
  warmBootTimeoutMs: int({ env: 'WARM_BOOT_TIMEOUT_MS', default: 600_000, min: 1000, max: 86_400_000, doc: 'how long after power-on a cloud host must log in to the cache volume before the step fails' }),
  warmBootPollMs: int({ env: 'WARM_BOOT_POLL_MS', default: 1000, min: 10, max: 60_000, doc: 'how often the cache volume\'s initiators are looked at while the target boots' }),
  // Pre-copy: plans ask for precopy_interval_seconds (default 3600) of at least 60; only tests lower the minimum.
  precopyMinIntervalSeconds: int({ env: 'TEST_PRECOPY_MIN_INTERVAL_SECONDS', default: 60, min: 1, max: 86_400, doc: 'tests only: the smallest precopy_interval_seconds a plan may ask for (operators keep the default, 60)' }),
  moveTimeoutMs: int({ env: 'MOVE_TIMEOUT_MS', default: 3_600_000, min: 1000, max: 86_400_000, doc: 'how long cloud-cache may take to move one LUN to cloud storage' }),
});

export type Config = ConfigOf<typeof config>;
