import { defineConfig, int, path, port, serviceBase, string, type ConfigOf } from '@ferry/service-kit';

/** Everything the prem-manager service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8004 }),
  controlPort: port({ env: 'CONTROL_PORT', default: 5000, doc: 'transfer control (range 5000-5010)' }),
  controlHost: string({ env: 'CONTROL_HOST', default: '0.0.0.0', doc: 'address the transfer control port binds to' }),
  caDir: path({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', absolute: true, doc: 'site CA and site key (created on first start)' }),
  dataDir: path({ env: 'DATA_DIR', default: '/var/lib/ferry/prem-manager', absolute: true, doc: 'persisted transfers and wrapped data keys' }),
  maxParallelDisks: int({ env: 'MAX_PARALLEL_DISKS', default: 4, min: 1, max: 64, doc: 'disks shipped at the same time' }),
  fromEsxiPort: port({ env: 'FROM_ESXI_PORT', default: 12000, doc: 'blocks from the prem ESXi manager (range 12000-12010)' }),
});

export type Config = ConfigOf<typeof config>;
