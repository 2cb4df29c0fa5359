/**
 * Conformance core: libiscsi's iscsi-test-cu (the real initiator test suite) against our target.
 * The full run is `npm run test:iscsi-conformance`; this covers the core families in npm test.
 */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCacheTarget, type CacheTarget } from '../src/cache-target';
import { runSuite } from '../scripts/conformance-runner';

const IQN = 'iqn.2024-01.io.ferry:conformance-core';
const CHAP = { user: 'conformance', secret: 'conformance-0042' };
const CORE = ['TestUnitReady', 'Inquiry', 'ReadCapacity16', 'Read10', 'Write10', 'Verify16', 'WriteSame16', 'Unmap', 'GetLBAStatus', 'CompareAndWrite', 'ModeSense6', 'iSCSIcmdsn', 'iSCSIResiduals', 'iSCSITMF'];

describe('iscsi-test-cu against our target', () => {
  let dir: string;
  let target: CacheTarget;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-conf-'));
    const image = join(dir, 'disk.raw');
    await writeFile(image, '');
    await truncate(image, 64 << 20);
    target = await startCacheTarget({ host: '127.0.0.1', port: 0, cacheDir: join(dir, 'cache'), targets: [{ name: IQN, auth: { kind: 'chap', ...CHAP }, luns: [{ lun: 0, source: image }] }] });
    url = `iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${target.port}/${IQN}/0`;
  });

  afterAll(async () => {
    await target?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(CORE)('passes ALL.%s', async (suite) => {
    const result = await runSuite(url, suite);
    if (result.failed) throw new Error(`${suite}: ${result.failures.join(', ')} failed:\n${result.output}`);
    expect(result.tests).toBeGreaterThan(0);
    expect(result.passed).toBeGreaterThan(0);
  }, 120_000);
});
