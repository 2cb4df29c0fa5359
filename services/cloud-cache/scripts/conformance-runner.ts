/**
 * Runs libiscsi's `iscsi-test-cu` (Debian's libiscsi-bin) suite by suite against an iSCSI URL and
 * parses its verbose output into per-suite counts. Skipped tests (the tool skips a test when the
 * target lacks an optional command) are counted apart from passes.
 */
import { spawn } from 'node:child_process';

/** The command families our target implements; each runs as ALL.<suite>. */
export const IMPLEMENTED_SUITES = [
  'TestUnitReady',
  'Inquiry',
  'Mandatory',
  'ModeSense6',
  'ReadCapacity10',
  'ReadCapacity16',
  'Read6',
  'Read10',
  'Read12',
  'Read16',
  'Write10',
  'Write12',
  'Write16',
  'WriteVerify10',
  'WriteVerify12',
  'WriteVerify16',
  'Verify10',
  'Verify12',
  'Verify16',
  'WriteSame10',
  'WriteSame16',
  'Unmap',
  'GetLBAStatus',
  'CompareAndWrite',
  'StartStopUnit',
  'iSCSIcmdsn',
  'iSCSIdatasn',
  'iSCSIResiduals',
  'iSCSITMF',
] as const;

/** Results of one suite. */
export interface SuiteResult {
  suite: string;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Names of failed tests. */
  failures: string[];
}

/** Parses `iscsi-test-cu -v` output: "Test: Name ...<output>passed|FAILED". */
export function parseVerbose(suite: string, output: string): SuiteResult {
  const result: SuiteResult = { suite, tests: 0, passed: 0, failed: 0, skipped: 0, failures: [] };
  const pattern = /Test: (\S+) \.\.\.([\s\S]*?)(passed|FAILED)/g;
  for (let m = pattern.exec(output); m; m = pattern.exec(output)) {
    result.tests++;
    if (m[3] === 'FAILED') {
      result.failed++;
      result.failures.push(m[1] as string);
    } else if ((m[2] as string).includes('[SKIPPED]')) result.skipped++;
    else result.passed++;
  }
  return result;
}

/** Runs one suite; resolves with its counts and the raw output. */
export function runSuite(url: string, suite: string, timeoutMs = 180_000): Promise<SuiteResult & { output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('iscsi-test-cu', ['--dataloss', '-v', '-t', `ALL.${suite}`, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => reject(new Error(`cannot run iscsi-test-cu (${e.message}); install Debian's libiscsi-bin`)));
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ ...parseVerbose(suite, output), output });
    });
  });
}
