import { boolean, defineConfig, int, path, port, serviceBase, string, url, type ConfigOf, type Field } from '@ferry/service-kit';

/** An https:// vCenter SDK URL; '' (the default) = no cloud vCenter, so move-volume is refused. */
function vcenterUrl(env: string, doc: string): Field<string> {
  return {
    kind: 'url', env, default: '', doc,
    expected: 'an https:// URL of the vCenter SDK, e.g. https://vcenter.example/sdk',
    parse: (raw) => {
      try {
        return new URL(raw).protocol === 'https:' ? raw : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** A vCenter certificate thumbprint: SHA-1 (40 hex digits) or SHA-256 (64), colons optional; '' = not set. */
function thumbprint(env: string, doc: string): Field<string> {
  return {
    kind: 'string', env, default: '', doc,
    expected: 'a SHA-1 or SHA-256 certificate thumbprint in hex, e.g. 3F:A2:...:9C (40 or 64 hex digits)',
    parse: (raw) => (/^([0-9a-fA-F]{2}:?){19}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/.test(raw.trim()) ? raw.trim() : undefined),
  };
}

/** Everything the cloud-cache service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8006 }),
  iscsiHost: string({ env: 'ISCSI_HOST', default: '0.0.0.0', doc: 'address the iSCSI target binds to' }),
  iscsiPort: port({ env: 'ISCSI_PORT', default: 3260, doc: 'iSCSI target VMs boot from' }),
  iscsiLoginTimeoutMs: int({ env: 'ISCSI_LOGIN_TIMEOUT_MS', default: 15000, min: 100, max: 3600000, doc: 'an iSCSI connection not logged in this long after connecting is closed (and logged)' }),
  iscsiMaxConnectionsPerAddress: int({ env: 'ISCSI_MAX_CONNECTIONS_PER_ADDRESS', default: 64, min: 1, max: 100000, doc: 'iSCSI connections held at once from one initiator address; more are refused' }),
  iscsiMaxConnections: int({ env: 'ISCSI_MAX_CONNECTIONS', default: 1024, min: 1, max: 100000, doc: 'iSCSI connections held at once in total; more are refused' }),
  iscsiNopIntervalMs: int({ env: 'ISCSI_NOP_INTERVAL_MS', default: 30000, min: 100, max: 3600000, doc: 'a logged-in iSCSI connection silent this long is sent a NOP-In ping' }),
  iscsiNopTimeoutMs: int({ env: 'ISCSI_NOP_TIMEOUT_MS', default: 15000, min: 100, max: 3600000, doc: 'an unanswered NOP-In ping closes the connection after this long' }),
  fromCloudManagerPort: port({ env: 'FROM_CLOUD_MANAGER_PORT', default: 5000, doc: 'cloud-manager dials in here: demand lane for misses, hydration streams (mutual TLS)' }),
  fromCloudManagerHost: string({ env: 'FROM_CLOUD_MANAGER_HOST', default: '0.0.0.0', doc: 'address FROM_CLOUD_MANAGER_PORT binds to' }),
  blockReadPort: port({ env: 'BLOCK_READ_PORT', default: 6002, doc: 'migrate back over the cache: prem-manager reads the chunks written in the cloud from the cache volumes here ("cache:<iqn>/<lun>", mutual TLS, sealed)' }),
  blockReadHost: string({ env: 'BLOCK_READ_HOST', default: '0.0.0.0', doc: 'address BLOCK_READ_PORT binds to' }),
  caDir: path({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', absolute: true, doc: 'site CA and site key, shared with the data-plane services (verifies demand and hydration frames)' }),
  cacheDir: string({ env: 'CACHE_DIR', default: '/var/lib/ferry/cloud-cache', doc: 'directory of the cache volumes (chunk stores and bitmaps)' }),
  chunkSize: int({ env: 'CACHE_CHUNK_SIZE', default: 1048576, min: 4096, max: 67108864, doc: 'cache chunk size in bytes (multiple of 4096)' }),
  cacheTargets: string({
    env: 'CACHE_TARGETS',
    default: '[]',
    doc:
      'JSON list of iSCSI targets: [{"name":"iqn…","auth"?:{"kind":"chap","user","secret","mutual"?}|{"kind":"none"},"initiators"?:["iqn…"],"luns":[{"lun":0,"source":"/path/disk.vmdk"}]}]; ' +
      'without "auth" a target gets CHAP user ferry-cloud-host with a secret made once in CACHE_DIR/credentials/<sha256 of the IQN>.json (0600); ' +
      '"none" needs ISCSI_ALLOW_NO_AUTH; "initiators" limits logins to those initiator names',
  }),
  iscsiAllowNoAuth: boolean({
    env: 'ISCSI_ALLOW_NO_AUTH',
    default: false,
    doc: 'true = serve CACHE_TARGETS entries with "auth":{"kind":"none"} (logged as a warning at start); false = such an entry stops start-up',
  }),
  hydrate: boolean({ env: 'CACHE_HYDRATE', default: true, doc: 'copy absent chunks in the background; false = fetch on demand only (e.g. to measure demand reads or pause hydration)' }),
  analyzerEndpoint: url({ env: 'ANALYZER_ENDPOINT', default: '', protocols: ['https:'], doc: 'https:// URL IO-analyzer summaries are POSTed to (the appliance, port 32820), with this service\'s certificate from the site CA in CA_DIR (mutual TLS); empty: off' }),
  analyzerIntervalMs: int({ env: 'ANALYZER_INTERVAL_MS', default: 10000, min: 100, max: 3600000, doc: 'how often IO-analyzer summaries are pushed' }),
  // move-volume: a hydrated LUN becomes a VM's disk on the cloud vCenter. With URL set, the other three are required.
  cloudVcenterUrl: vcenterUrl('CLOUD_VCENTER_URL', 'the cloud vCenter SDK moved volumes are stored through, https://host/sdk; empty = move-volume is refused'),
  cloudVcenterUsername: string({ env: 'CLOUD_VCENTER_USERNAME', default: '', doc: 'user that may import VMs (ImportVApp) into the resource pools and datastores moves name' }),
  cloudVcenterPassword: string({ env: 'CLOUD_VCENTER_PASSWORD', default: '', doc: 'password of CLOUD_VCENTER_USERNAME (never logged)' }),
  cloudVcenterThumbprint: thumbprint('CLOUD_VCENTER_THUMBPRINT', 'pinned certificate thumbprint of the cloud vCenter'),
  moveTempDir: path({ env: 'MOVE_TEMP_DIR', default: '', absolute: true, doc: 'folder of this cache alone where a moved volume is staged as a packed VMDK (room for about its data; what a crash left is removed); empty = CACHE_DIR/move-staging' }),
});

export type Config = ConfigOf<typeof config>;
