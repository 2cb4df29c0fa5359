import { defineConfig, port, serviceBase, type ConfigOf } from '@ferry/service-kit';

/** Everything the appliance service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8000 }),
  apiPort: port({ env: 'API_PORT', default: 443, doc: 'integrator gRPC API' }),
  analyzerPort: port({ env: 'ANALYZER_PORT', default: 32820, doc: 'IO-analyzer summaries pushed in' }),
});

export type Config = ConfigOf<typeof config>;
