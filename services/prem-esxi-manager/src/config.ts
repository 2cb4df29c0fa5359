import { defineConfig, path, port, serviceBase, string, type ConfigOf } from '@ferry/service-kit';

/** Everything the prem-esxi-manager service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8003 }),
  blockReadPort: port({ env: 'BLOCK_READ_PORT', default: 32821, doc: 'source disk block reads' }),
  blockHost: string({ env: 'BLOCK_HOST', default: '0.0.0.0', doc: 'address the block read and write ports bind to' }),
  caDir: path({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', absolute: true, doc: 'site CA (created on first start) for mutual TLS' }),
  sourceRoots: string({ env: 'SOURCE_ROOTS', default: '/vmfs/volumes', doc: 'colon-separated directories source disks may be read from' }),
  vcenterUrl: string({ env: 'VCENTER_URL', default: '', doc: 'vCenter for datastore: locators (https://host/sdk); empty = local files only' }),
  vcenterUser: string({ env: 'VCENTER_USER', default: '', doc: 'vCenter user name' }),
  vcenterPassword: string({ env: 'VCENTER_PASSWORD', default: '', doc: 'vCenter password' }),
  vcenterThumbprint: string({ env: 'VCENTER_THUMBPRINT', default: '', doc: 'pinned SHA-1 or SHA-256 thumbprint of the vCenter certificate' }),
  blockWritePort: port({ env: 'BLOCK_WRITE_PORT', default: 32822, doc: 'block writes for migrate-back: sealed chunks written in place into prem disks under SOURCE_ROOTS (mutual TLS)' }),
  stateDir: path({ env: 'STATE_DIR', default: '/var/lib/ferry/prem-esxi-manager', absolute: true, doc: 'chunk maps of the disks the block writer is writing (a crash resumes from them)' }),
});

export type Config = ConfigOf<typeof config>;
