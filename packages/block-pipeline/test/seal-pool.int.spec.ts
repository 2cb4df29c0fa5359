/**
 * SealPool on real worker threads: when a worker dies, the seals it held fail at once with a clear
 * error instead of hanging the transfer, and a new session seals again on the replacement worker.
 * The pool runs its compiled worker script, so this test loads the build (npm test builds before jest).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as PoolModule from '../src/seal-pool';
import { newDataKey } from '../src/keys';
import { ReceiverSession } from '../src/receiver-session';
import { SenderSession } from '../src/sender-session';

const built = join(__dirname, '..', 'dist', 'src', 'seal-pool.js');
const chunkSize = 64 * 1024;
const identity = { migrationId: 'mig-pool', diskId: 'disk-0', generation: 1 };

describe('SealPool worker threads', () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: build first (npx tsc -b packages/block-pipeline)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled module is loaded by path
  const { SealPool } = require(built) as typeof PoolModule;

  it('fails the seals a dead worker held and seals a new session on its replacement', async () => {
    const spawned: Worker[] = [];
    const pool = new SealPool(1, (script) => {
      const worker = new Worker(script);
      spawned.push(worker);
      return worker;
    });
    try {
      expect(pool.threads).toBe(1);
      const dataKey = newDataKey();
      const first = new SenderSession(dataKey, identity);
      const sealer = pool.open(first.key, first.params);
      const held = sealer.seal(0, { index: 0, offset: 0, length: chunkSize, data: randomBytes(chunkSize) });
      await spawned[0]!.terminate();
      await expect(held).rejects.toThrow(/seal worker 0 stopped .*retries with a new session/);

      await new Promise((r) => setTimeout(r, 50));
      expect(spawned).toHaveLength(2);
      const second = new SenderSession(dataKey, identity);
      const receiver = new ReceiverSession(dataKey, second.params, { virtualSize: chunkSize, chunkSize });
      const data = Buffer.alloc(chunkSize, 'ferry log line\n');
      const frame = await pool.open(second.key, second.params).seal(0, { index: 0, offset: 0, length: chunkSize, data: Buffer.from(data) });
      expect(receiver.openChunk(frame).plaintext.equals(data)).toBe(true);
    } finally {
      await pool.close();
    }
  }, 30_000);
});
