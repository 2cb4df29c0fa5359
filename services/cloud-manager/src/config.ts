import { defineConfig, int, path, port, serviceBase, string, type ConfigOf } from '@ferry/service-kit';

/** Everything the cloud-manager service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8005 }),
  interconnectPort: port({ env: 'INTERCONNECT_PORT', default: 6000, doc: 'blocks from the prem manager (range 6000-6010)' }),
  interconnectHost: string({ env: 'INTERCONNECT_HOST', default: '0.0.0.0', doc: 'address the interconnect binds to' }),
  caDir: path({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', absolute: true, doc: 'site CA and site key (created on first start)' }),
  targetRoot: path({ env: 'TARGET_ROOT', default: '/var/lib/ferry/targets', absolute: true, doc: 'directory targets are written under' }),
  stateDir: path({ env: 'STATE_DIR', default: '/var/lib/ferry/cloud-manager', absolute: true, doc: 'verified-chunk maps and session leases (resume state); with several replicas serving one TARGET_ROOT, the same shared directory for all of them (e.g. on the target datastore), so a session resumes on any replica' }),
  sessionLeaseSeconds: int({ env: 'SESSION_LEASE_SECONDS', default: 10, min: 2, max: 600, doc: 'a session\'s lease on its disk, renewed every third of it: another replica takes over a dead one\'s session this long after its last renewal at most' }),
  creditWindow: int({ env: 'CREDIT_WINDOW', default: 128, min: 1, max: 1024, doc: 'frames a sender may have in flight per disk (the receiver\'s bound; prem-manager keeps fewer, sized from the measured bandwidth-delay product and at most 64 MiB)' }),
  stripesPerSession: int({ env: 'STRIPES_PER_SESSION', default: 8, min: 0, max: 32, doc: 'extra connections (TransferStripe) a disk session may add to its Transfer stream; a lost segment on a lossy WAN then stalls only one of them (0 = frames on Transfer only)' }),
  verifyThreads: int({ env: 'VERIFY_THREADS', default: 2, min: 0, max: 64, doc: 'worker threads that verify and write received chunks (0 = main thread)' }),
  commitBatch: int({ env: 'COMMIT_BATCH', default: 8, min: 1, max: 1024, doc: 'chunks written per fsync and ack' }),
  interconnectAltPort: port({ env: 'INTERCONNECT_ALT_PORT', default: 7000, doc: 'demand lane: prem-manager dials it to answer the cloud cache\'s misses (range 7000-7010)' }),
  blockReadPort: port({ env: 'BLOCK_READ_PORT', default: 6001, doc: 'migrate back: reads of cloud disks (BlockSource, sealed), prem-manager dials it (range 6000-6010)' }),
  vcenterUrl: string({ env: 'VCENTER_URL', default: '', doc: 'the cloud vCenter whose datastores datastore: and nfc-vm: locators name (https://host/sdk); empty = local files under TARGET_ROOT only' }),
  vcenterUser: string({ env: 'VCENTER_USER', default: '', doc: 'cloud vCenter user name' }),
  vcenterPassword: string({ env: 'VCENTER_PASSWORD', default: '', doc: 'cloud vCenter password' }),
  vcenterThumbprint: string({ env: 'VCENTER_THUMBPRINT', default: '', doc: 'pinned SHA-1 or SHA-256 thumbprint of the cloud vCenter certificate' }),
  cacheBlockSourceUrl: string({ env: 'CACHE_BLOCK_SOURCE_URL', default: '', doc: 'host:port of cloud-cache\'s block source (its BLOCK_READ_PORT): migrate back over the cache reads "cache:" locators through it; empty: such reads are refused' }),
  cacheEndpoint: string({ env: 'CACHE_ENDPOINT', default: '', doc: 'host:port of cloud-cache\'s FROM_CLOUD_MANAGER_PORT (demand reads and hydration of cache volumes); empty: no cache' }),
});

export type Config = ConfigOf<typeof config>;
