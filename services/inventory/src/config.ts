import { boolean, defineConfig, path, port, serviceBase, string, url, type ConfigOf, type Field } from '@ferry/service-kit';

/** A vCenter certificate thumbprint: SHA-1 (40 hex digits) or SHA-256 (64), colons optional; '' = not set. */
function thumbprint(env: string, doc: string): Field<string> {
  return {
    kind: 'string', env, default: '', doc,
    expected: 'a SHA-1 or SHA-256 certificate thumbprint in hex, e.g. 3F:A2:...:9C (40 or 64 hex digits)',
    parse: (raw) => (/^([0-9a-fA-F]{2}:?){19}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/.test(raw.trim()) ? raw.trim() : undefined),
  };
}

const PREM = 'PREM';
const CLOUD = 'CLOUD';

/** Everything the inventory service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8001 }),
  apiPort: port({ env: 'API_PORT', default: 8009, doc: 'InventoryService gRPC API (ferry.inventory.v1)' }),
  apiHost: string({ env: 'API_HOST', default: '0.0.0.0', doc: 'address the gRPC API binds to' }),
  premVcenterUrl: url({ env: `${PREM}_VCENTER_URL`, protocols: ['https:'], doc: 'the prem (source) vCenter SDK, https://host/sdk' }),
  premVcenterUsername: string({ env: `${PREM}_VCENTER_USERNAME`, doc: 'user the inventory logs in to the prem vCenter as (read-only is enough)' }),
  premVcenterPassword: string({ env: `${PREM}_VCENTER_PASSWORD`, doc: 'password of PREM_VCENTER_USERNAME' }),
  premVcenterThumbprint: thumbprint(`${PREM}_VCENTER_THUMBPRINT`, 'pinned certificate thumbprint of the prem vCenter (or PREM_VCENTER_INSECURE=true)'),
  premVcenterInsecure: boolean({ env: `${PREM}_VCENTER_INSECURE`, default: false, doc: 'skip certificate checks of the prem vCenter (test labs only)' }),
  cloudVcenterUrl: url({ env: `${CLOUD}_VCENTER_URL`, protocols: ['https:'], doc: 'the cloud (target) vCenter SDK, https://host/sdk' }),
  cloudVcenterUsername: string({ env: `${CLOUD}_VCENTER_USERNAME`, doc: 'user the inventory logs in to the cloud vCenter as (read-only is enough)' }),
  cloudVcenterPassword: string({ env: `${CLOUD}_VCENTER_PASSWORD`, doc: 'password of CLOUD_VCENTER_USERNAME' }),
  cloudVcenterThumbprint: thumbprint(`${CLOUD}_VCENTER_THUMBPRINT`, 'pinned certificate thumbprint of the cloud vCenter (or CLOUD_VCENTER_INSECURE=true)'),
  cloudVcenterInsecure: boolean({ env: `${CLOUD}_VCENTER_INSECURE`, default: false, doc: 'skip certificate checks of the cloud vCenter (test labs only)' }),
  caDir: path({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', absolute: true, doc: 'site CA that certifies the inventory\'s event-signing key' }),
  stateDir: path({ env: 'STATE_DIR', default: '/var/lib/ferry/inventory', absolute: true, doc: 'the inventory\'s event-signing key (0600) and its signed audit checkpoint' }),
});

export type Config = ConfigOf<typeof config>;
