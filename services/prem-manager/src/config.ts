import { defineConfig, port, serviceBase, type ConfigOf } from '@ferry/service-kit';

/** Everything the prem-manager service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8004 }),
  controlPort: port({ env: 'CONTROL_PORT', default: 5000, doc: 'transfer control (range 5000-5010)' }),
  fromEsxiPort: port({ env: 'FROM_ESXI_PORT', default: 12000, doc: 'blocks from the prem ESXi manager (range 12000-12010)' }),
});

export type Config = ConfigOf<typeof config>;
