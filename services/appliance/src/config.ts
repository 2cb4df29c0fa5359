import { defineConfig, port, serviceBase, string, type ConfigOf } from '@ferry/service-kit';

/** Everything the appliance service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8000 }),
  apiPort: port({ env: 'API_PORT', default: 443, doc: 'integrator gRPC API' }),
  apiHost: string({ env: 'API_HOST', default: '0.0.0.0', doc: 'address the integrator gRPC API binds to' }),
  inventoryApiUrl: string({ env: 'INVENTORY_API_URL', default: '127.0.0.1:8009', doc: 'host:port of the inventory service gRPC API (ferry.inventory.v1)' }),
  analyzerPort: port({ env: 'ANALYZER_PORT', default: 32820, doc: 'IO-analyzer summaries pushed in' }),
});

export type Config = ConfigOf<typeof config>;
