import { ConfigError, defineConfig, loadConfig } from './load';
import { boolean, int, oneOf, path, port, string, url } from './fields';
import { serviceBase } from './service-base';

const schema = defineConfig({
  ...serviceBase({ opsPort: 8000 }),
  apiPort: port({ env: 'API_PORT', default: 443, doc: 'integrator gRPC API' }),
  concurrency: int({ env: 'CONCURRENCY', default: 4, min: 1, max: 64, doc: 'VMs at once' }),
  cacheDir: path({ env: 'CACHE_DIR', default: '/var/cache/ferry', absolute: true, doc: 'block cache' }),
  region: string({ env: 'REGION', doc: 'cloud region' }),
  mode: oneOf({ env: 'MODE', default: 'warm', values: ['warm', 'cold'] as const, doc: 'default mode' }),
  vcenter: url({ env: 'VCENTER_URL', default: 'https://vc.local/sdk', protocols: ['https:'], doc: 'vCenter SDK' }),
  insecure: boolean({ env: 'INSECURE', default: false, doc: 'skip TLS checks' }),
});

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('given only the required variables, when loaded, then the documented defaults apply', () => {
    const config = loadConfig(schema, { REGION: 'eu-1' });
    expect(config).toEqual({
      opsPort: 8000, opsHost: '0.0.0.0', natsUrl: 'nats://127.0.0.1:4222', natsCredentialsFile: '', natsCaFile: '', natsAnonymous: false, natsStreamReplicas: 1, logLevel: 'log', traceConsole: false,
      apiPort: 443, concurrency: 4, cacheDir: '/var/cache/ferry', region: 'eu-1', mode: 'warm', vcenter: 'https://vc.local/sdk', insecure: false,
    });
  });

  it('given valid values, when loaded, then they are parsed to their types', () => {
    const config = loadConfig(schema, { REGION: 'r', OPS_PORT: '8003', CONCURRENCY: '16', INSECURE: 'yes', MODE: 'cold', NATS_URL: 'nats://10.0.0.1:4222' });
    expect([config.opsPort, config.concurrency, config.insecure, config.mode, config.natsUrl]).toEqual([8003, 16, true, 'cold', 'nats://10.0.0.1:4222']);
  });

  it('given a port out of range, when loaded, then the error names the variable, the value and what is expected', () => {
    expect(problemsOf({ REGION: 'r', OPS_PORT: '70000' })).toContain('OPS_PORT="70000" is invalid: expected a TCP port number from 0 to 65535');
  });

  it('given a missing required variable, when loaded, then the error says it is not set', () => {
    expect(problemsOf({})).toContain('REGION is not set: expected a non-empty string (cloud region)');
  });

  it('given several bad values, when loaded, then every one is reported at once', () => {
    const message = problemsOf({ REGION: 'r', CONCURRENCY: '0', MODE: 'hot', NATS_URL: 'http://x', CACHE_DIR: 'relative/dir', INSECURE: 'maybe', API_PORT: '44x' });
    expect(message).toContain('CONCURRENCY="0" is invalid: expected an integer from 1 to 64');
    expect(message).toContain('MODE="hot" is invalid: expected one of warm, cold');
    expect(message).toContain('NATS_URL="http://x" is invalid: expected a URL with scheme nats:// or tls://');
    expect(message).toContain('CACHE_DIR="relative/dir" is invalid: expected an absolute path');
    expect(message).toContain('INSECURE="maybe" is invalid');
    expect(message).toContain('API_PORT="44x" is invalid');
  });

  it('given an empty variable, when loaded, then the default is used as if unset', () => {
    expect(loadConfig(schema, { REGION: 'r', API_PORT: '' }).apiPort).toBe(443);
  });
});
