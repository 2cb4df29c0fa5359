/**
 * `npm run test:iscsi-conformance`: starts our target on a free port over a sparse 64 MiB image,
 * runs every implemented command family of libiscsi's iscsi-test-cu, prints one line per suite
 * and, last, one JSON line {"suites":[…],"tests":N,"passed":P,"failed":F,"skipped":S}.
 */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCacheTarget } from '../src/cache-target';
import { IMPLEMENTED_SUITES, runSuite, type SuiteResult } from './conformance-runner';

const IQN = 'iqn.2024-01.io.ferry:conformance';
const CHAP = { user: 'conformance', secret: 'conformance-0042' };

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-conformance-'));
  const image = join(dir, 'disk.raw');
  await writeFile(image, '');
  await truncate(image, 64 << 20);
  const target = await startCacheTarget({ host: '127.0.0.1', port: 0, cacheDir: join(dir, 'cache'), targets: [{ name: IQN, auth: { kind: 'chap', ...CHAP }, luns: [{ lun: 0, source: image }] }] });
  const results: SuiteResult[] = [];
  try {
    const url = `iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${target.port}/${IQN}/0`;
    for (const suite of IMPLEMENTED_SUITES) {
      const { output, ...result } = await runSuite(url, suite);
      results.push(result);
      process.stdout.write(`${suite}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped of ${result.tests}${result.failures.length ? ` (failed: ${result.failures.join(', ')})` : ''}\n`);
      if (process.env.FERRY_CONFORMANCE_VERBOSE && result.failed) process.stdout.write(output);
    }
  } finally {
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const sum = (k: 'tests' | 'passed' | 'failed' | 'skipped'): number => results.reduce((n, r) => n + r[k], 0);
  process.stdout.write(
    `${JSON.stringify({ suites: results.map((r) => ({ suite: r.suite, tests: r.tests, passed: r.passed, failed: r.failed, skipped: r.skipped })), tests: sum('tests'), passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped') })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
