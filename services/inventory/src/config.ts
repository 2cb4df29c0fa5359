import { defineConfig, serviceBase, type ConfigOf } from '@ferry/service-kit';

/** Everything the inventory service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8001 }),
});

export type Config = ConfigOf<typeof config>;
