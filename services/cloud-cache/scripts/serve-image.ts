/**
 * Serves one disk image over our iSCSI target from the command line (used by tests, the benchmark
 * and by hand): node dist/scripts/serve-image.js --image disk.raw --cache-dir DIR [--port 3260]
 * [--host 127.0.0.1] [--iqn iqn.2024-01.io.ferry:disk] [--no-hydrate]
 * [--chap user:secret[:tuser:tsecret] | --no-auth] [--initiator IQN ...].
 * Without --chap or --no-auth the target has CHAP as user ferry-cloud-host with a secret made once
 * in DIR/credentials/<sha256 of the IQN>.json (0600; the path goes to stderr, the secret nowhere).
 * --initiator (repeatable) admits only those initiator names. Prints one line `listening <port>`
 * when ready; SIGTERM stops it cleanly.
 */
// More libuv threads: on-demand fetches and large reads run there concurrently.
process.env.UV_THREADPOOL_SIZE ??= '16';
import { parseArgs } from 'node:util';
import { startCacheTarget } from '../src/cache-target';
import type { TargetAuth } from '../src/iscsi/login';
import { checkChap, parseInitiators } from '../src/targets-config';

const USAGE =
  'usage: serve-image --image <disk> --cache-dir <dir> [--port N] [--host ADDR] [--iqn NAME] [--no-hydrate] ' +
  '[--chap user:secret[:tuser:tsecret] | --no-auth] [--initiator IQN ...] [--chunk-size BYTES]';

/** --chap, --no-auth or neither (a secret is made): the target's auth. */
function authOf(chap: string | undefined, noAuth: boolean): TargetAuth | undefined {
  if (chap !== undefined && noAuth) throw new Error(`--chap and --no-auth exclude each other; ${USAGE}`);
  if (noAuth) return { kind: 'none' };
  if (chap === undefined) return undefined;
  const [user, secret, tuser, tsecret, ...rest] = chap.split(':');
  if (rest.length > 0 || (tuser === undefined) !== (tsecret === undefined)) throw new Error(`--chap takes user:secret or user:secret:tuser:tsecret (no ':' inside a value); ${USAGE}`);
  return { kind: 'chap', ...checkChap('--chap', { user, secret, ...(tuser !== undefined ? { mutual: { user: tuser, secret: tsecret } } : {}) }) };
}

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
      'no-auth': { type: 'boolean', default: false },
      initiator: { type: 'string', multiple: true },
      'chunk-size': { type: 'string' },
    },
  });
  if (!values.image || !values['cache-dir']) throw new Error(USAGE);
  const auth = authOf(values.chap, values['no-auth'] === true);
  const initiators = values.initiator ? parseInitiators('--initiator', values.initiator) : undefined;
  const target = await startCacheTarget({
    host: values.host,
    port: Number(values.port),
    cacheDir: values['cache-dir'],
    chunkSize: values['chunk-size'] ? Number(values['chunk-size']) : undefined,
    hydrate: !values['no-hydrate'],
    targets: [{ name: values.iqn as string, ...(auth ? { auth } : {}), ...(initiators ? { initiators } : {}), luns: [{ lun: 0, source: values.image }] }],
    allowNoAuth: values['no-auth'] ? { by: '--no-auth' } : undefined,
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
