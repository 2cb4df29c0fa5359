// Composition root of the inventory service. The telemetry import must stay first.
import './telemetry';
import { ConfigError, loadConfig, runService } from '@ferry/service-kit';
import { AppModule } from './app.module';
import { config } from './config';
import { vcenterEndpoints } from './vcenters';

// The vCenter trust settings depend on each other (thumbprint XOR insecure), which the per-field
// schema cannot say: check the whole config here first, so a bad pair exits 2 naming the
// variables exactly like any other config error.
try {
  vcenterEndpoints(loadConfig(config));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`ferry-inventory: ${error.message}\n`);
  process.exit(2);
}
void runService({ name: 'inventory', schema: config, module: AppModule });
