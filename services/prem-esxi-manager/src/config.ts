import { defineConfig, port, serviceBase, type ConfigOf } from '@ferry/service-kit';

/** Everything the prem-esxi-manager service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8003 }),
  blockReadPort: port({ env: 'BLOCK_READ_PORT', default: 32821, doc: 'source disk block reads' }),
  blockWritePort: port({ env: 'BLOCK_WRITE_PORT', default: 32822, doc: 'block writes for migrate-back' }),
});

export type Config = ConfigOf<typeof config>;
