import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@ferry/testing';
import { ChunkIndexSet } from './chunk-index-set';
import { addSentChunks, appendSentLog, readSentLog, sentLogPath, wholeEntriesEnd } from './sent-log';

describe('sent-log', () => {
  it('logs one entry per frame and reads back whole entries only, leaving a torn last one out', async () => {
    const { dir, cleanup } = await makeTempDir('ferry-sent-log-');
    try {
      const path = sentLogPath(dir);
      expect(path).toBe(join(dir, 'sent.log'));
      const log = appendSentLog(path);
      for (const index of [7, 7, 70_000]) log.append(index);
      log.close();
      appendFileSync(path, Buffer.from([0, 1])); // a kill -9 inside the next write
      const chunks = new ChunkIndexSet();
      expect(addSentChunks(readFileSync(path), chunks)).toBe(3);
      expect([...chunks.runs()]).toEqual([[7, 7], [70_000, 70_000]]);
      const whole = readSentLog(path);
      expect([whole.frames, whole.chunks.size]).toEqual([3, 2]);
      expect(readSentLog(join(dir, 'none.log')).frames).toBe(0);
      expect(wholeEntriesEnd(14, 0)).toBe(12);
      expect(wholeEntriesEnd(14, 4)).toBe(12);
      expect(wholeEntriesEnd(14, 12)).toBe(12);
    } finally {
      await cleanup();
    }
  });
});
