import { mkdtemp, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRanges, SentChunks } from './sent-chunks';

function log(indices: number[]): Buffer {
  const bytes = Buffer.alloc(indices.length * 4);
  indices.forEach((index, i) => bytes.writeUInt32BE(index, i * 4));
  return bytes;
}

describe('SentChunks', () => {
  it('reads the sent log incrementally, unions it with the carried ranges and writes ranges back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sent-chunks-'));
    try {
      const path = join(dir, 'sent.log');
      const sent = new SentChunks('0-3,10');
      await sent.readLog(path); // no log yet
      await appendFile(path, log([3, 4, 5]));
      await sent.readLog(path);
      // A partly written entry is read once it is whole.
      await appendFile(path, log([7]).subarray(0, 2));
      await sent.readLog(path);
      expect(sent.ranges()).toBe('0-5,10');
      await appendFile(path, log([7]).subarray(2));
      await sent.readLog(path);
      expect({ size: sent.size, frames: sent.framesRead, ranges: sent.ranges() }).toEqual({ size: 8, frames: 4, ranges: '0-5,7,10' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes the chunks of a leftover log (a killed run on this disk) without counting its frames, then reads the new log from its start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sent-chunks-'));
    try {
      const path = join(dir, 'sent.log');
      // The last status record carried 0-3; the killed run logged 4 and 5 after it (and 3 again).
      await appendFile(path, log([0, 1, 2, 3, 3, 4, 5]));
      const sent = new SentChunks('0-3');
      await sent.readLeftover(path);
      expect({ size: sent.size, frames: sent.framesRead, ranges: sent.ranges() }).toEqual({ size: 6, frames: 0, ranges: '0-5' });
      // The leftover log is removed and the new run logs afresh.
      await rm(path);
      await appendFile(path, log([6]));
      await sent.readLog(path);
      expect({ size: sent.size, frames: sent.framesRead, ranges: sent.ranges() }).toEqual({ size: 7, frames: 1, ranges: '0-6' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('parses ranges and skips what is not one', () => {
    expect(parseRanges('2-4,9,x,12-12')).toEqual([2, 3, 4, 9, 12]);
    expect(parseRanges('')).toEqual([]);
  });
});
