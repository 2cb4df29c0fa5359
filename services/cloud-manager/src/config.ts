import { defineConfig, port, serviceBase, type ConfigOf } from '@ferry/service-kit';

/** Everything the cloud-manager service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8005 }),
  interconnectPort: port({ env: 'INTERCONNECT_PORT', default: 6000, doc: 'blocks from the prem manager (range 6000-6010)' }),
  interconnectAltPort: port({ env: 'INTERCONNECT_ALT_PORT', default: 7000, doc: 'second interconnect channel (range 7000-7010)' }),
});

export type Config = ConfigOf<typeof config>;
