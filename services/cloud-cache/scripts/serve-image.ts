/**
 * Serves one disk image over our iSCSI target from the command line (used by the conformance run,
 * the benchmark and by hand): node dist/scripts/serve-image.js --image disk.raw --cache-dir DIR
 * [--port 3260] [--iqn iqn.2024-01.io.ferry:disk] [--no-hydrate] [--chap user:secret[:tuser:tsecret]].
 * Prints one line `listening <port>` when ready; SIGTERM stops it cleanly.
 */
// More libuv threads: on-demand fetches and large reads run there concurrently.
process.env.UV_THREADPOOL_SIZE ??= '16';
import { parseArgs } from 'node:util';
import { startCacheTarget } from '../src/cache-target';
import type { TargetAuth } from '../src/iscsi/login';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      image: { type: 'string' },
      'cache-dir': { type: 'string' },
      port: { type: 'string', default: '3260' },
      host: { type: 'string', default: '127.0.0.1' },
      iqn: { type: 'string', default: 'iqn.2024-01.io.ferry:disk' },
      'no-hydrate': { type: 'boolean', default: false },
      chap: { type: 'string' },
      'chunk-size': { type: 'string' },
    },
  });
  if (!values.image || !values['cache-dir']) throw new Error('usage: serve-image --image <disk> --cache-dir <dir> [--port N] [--iqn NAME] [--no-hydrate] [--chap user:secret[:tuser:tsecret]]');
  let auth: TargetAuth = { kind: 'none' };
  if (values.chap) {
    const [user = '', secret = '', tuser, tsecret] = values.chap.split(':');
    auth = { kind: 'chap', user, secret, ...(tuser && tsecret ? { mutual: { user: tuser, secret: tsecret } } : {}) };
  }
  const target = await startCacheTarget({
    host: values.host,
    port: Number(values.port),
    cacheDir: values['cache-dir'],
    chunkSize: values['chunk-size'] ? Number(values['chunk-size']) : undefined,
    hydrate: !values['no-hydrate'],
    targets: [{ name: values.iqn as string, auth, luns: [{ lun: 0, source: values.image }] }],
    log: (m) => process.stderr.write(`${m}\n`),
  });
  process.stdout.write(`listening ${target.port}\n`);
  const stop = (): void => {
    void target.stop().then(() => {
      process.stdout.write(`${JSON.stringify(target.summaries())}\n`);
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
