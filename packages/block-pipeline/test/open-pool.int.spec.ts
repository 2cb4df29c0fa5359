/**
 * OpenPool on a real worker thread, session after session, as a cloud-manager lands disk after disk:
 * the worker's page-aligned write buffers (WebAssembly memories, which V8 frees only when the thread
 * ends) are made once and reused, so the process does not grow with every session. Loads the build,
 * as the worker runs its compiled script (npm test builds before jest).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as PoolModule from '../src/open-pool';
import { newDataKey } from '../src/keys';
import { SenderSession } from '../src/sender-session';

const built = join(__dirname, '..', 'dist', 'src', 'open-pool.js');
const chunkSize = 1 << 20;

/** Anonymous read-write mappings of exactly 1 MiB in this process: a 16-page WebAssembly memory each (the write buffers of 1 MiB chunks). */
function oneMiBMappings(): number {
  return readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => {
    const [range, perms, , , inode, path] = line.trim().split(/\s+/);
    if (range === undefined || perms !== 'rw-p' || inode !== '0' || path !== undefined) return false;
    const [start, end] = range.split('-').map((hex) => BigInt(`0x${hex}`));
    return end! - start! === BigInt(chunkSize);
  }).length;
}

describe('OpenPool worker thread, many sessions', () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: build first (npx tsc -b packages/block-pipeline)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled module is loaded by path
  const { OpenPool } = require(built) as typeof PoolModule;

  it('lands twelve sessions, each writing its chunks, without a new write buffer after the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-open-pool-'));
    const pool = new OpenPool(1);
    try {
      const dataKey = newDataKey();
      let afterFirst = 0;
      for (let n = 0; n < 12; n++) {
        const target = join(dir, `disk-${n}.raw`);
        await writeFile(target, Buffer.alloc(4 * chunkSize));
        const sender = new SenderSession(dataKey, { migrationId: `mig-${n}`, diskId: 'disk-0', generation: 1 });
        const landing = pool.open(sender.key, sender.params, target);
        const data = [0, 1, 2, 3].map(() => randomBytes(chunkSize));
        // Four chunks in flight at once: the writer lends all four of its buffers.
        await Promise.all(data.map((chunk, index) => landing.land(sender.seal({ index, offset: index * chunkSize, length: chunkSize, data: chunk }), true)));
        await landing.close();
        expect((await readFile(target)).equals(Buffer.concat(data))).toBe(true);
        if (n === 0) afterFirst = oneMiBMappings();
      }
      // Before the fix each session left its 4 behind (43 more after these eleven); a stray allocation of exactly 1 MiB may come and go.
      expect(oneMiBMappings() - afterFirst).toBeLessThanOrEqual(1);
    } finally {
      await pool.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
