// The k6 scripts (load-tests/k6) run only where k6 is installed, so `npm test` at least type-checks
// them against @types/k6 with the TypeScript compiler of the repository (their own tsconfig: k6's
// types only, nothing emitted).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(120_000);

const PROJECT = join(__dirname, '..', 'k6', 'tsconfig.json');

describe('k6 scripts (load-tests/k6)', () => {
  it('type-check against @types/k6 with no error (tsc -p load-tests/k6/tsconfig.json exits 0)', () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', PROJECT, '--pretty', 'false'], { encoding: 'utf8', timeout: 110_000 });
    expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({ status: 0, output: '' });
  });

  it('cover ListVms, GetMigration and WatchMigration and load nothing but k6 modules and their own files', () => {
    const listed = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', PROJECT, '--listFilesOnly'], { encoding: 'utf8', timeout: 110_000 });
    const files = listed.stdout.split('\n').filter((f) => f !== '' && !f.includes('/typescript/lib/'));
    const scripts = files.filter((f) => f.includes('/load-tests/k6/')).map((f) => f.slice(f.indexOf('/load-tests/k6/') + '/load-tests/k6/'.length)).sort();
    expect(scripts).toEqual(expect.arrayContaining(['get-migration.ts', 'list-vms.ts', 'watch-migration.ts']));
    expect(files.filter((f) => !f.includes('/load-tests/k6/') && !f.includes('/node_modules/@types/k6/'))).toEqual([]);
  });
});
