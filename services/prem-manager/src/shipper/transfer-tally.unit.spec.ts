import fs from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { CompressionTally } from './compression-counts';
import { planOf } from './session-plan';
import { TallyFiles } from './tally-files';
import { ChunkFate, TransferTally } from './transfer-tally';

const { TransferMode } = ferry.dataplane.v1;
const MiB = 2 ** 20;
/** One bit per chunk, LSB first, as SessionAccepted.verified_bitmap. */
const bitmap = (total: number, set: number[]): Uint8Array => {
  const bits = new Uint8Array(Math.ceil(total / 8));
  for (const index of set) bits[index >> 3]! |= 1 << (index & 7);
  return bits;
};

describe('a first full copy of 8 chunks: 5 hold data, 3 are zeros', () => {
  const isData = Uint8Array.from([1, 1, 0, 1, 0, 1, 1, 0]);
  const full = { mode: TransferMode.TRANSFER_MODE_FULL, generation: 1 };

  it('counts zero chunks as skipped from the start, and data only once the receiver verified it', () => {
    const tally = new TransferTally(8 * MiB, MiB);
    tally.plan(planOf(full, isData, bitmap(8, []), new Set([0, 1, 3, 5, 6])));
    tally.sent(MiB, MiB / 2);
    tally.sent(MiB, MiB / 2);
    expect(tally.counts()).toMatchObject({ chunksVerified: 0, bytesVerified: 0, zeroChunks: 3, zeroBytes: 3 * MiB, verifiedOffset: 0, sourceBytesRead: 2 * MiB, wireBytes: MiB });
    tally.verified(0, false);
    tally.verified(1, false);
    // Chunk 2 is a zero the fresh target already holds: the offset passes it and stops at chunk 3.
    expect(tally.counts()).toMatchObject({ chunksVerified: 2, bytesVerified: 2 * MiB, verifiedOffset: 3 * MiB });
  });

  it('at completion, verified data bytes and zero bytes add up to the disk', () => {
    const tally = new TransferTally(8 * MiB, MiB);
    tally.plan(planOf(full, isData, bitmap(8, []), new Set([0, 1, 3, 5, 6])));
    for (const index of [0, 1, 3, 5, 6]) tally.verified(index, false);
    const counts = tally.counts();
    expect(counts.bytesVerified + counts.zeroBytes + counts.bytesUnchanged).toBe(8 * MiB);
    expect(counts).toMatchObject({ chunksVerified: 5, zeroChunks: 3, chunksUnchanged: 0, verifiedOffset: 8 * MiB });
  });

  it('a resumed session keeps the chunks verified before, whatever its own plan says of them', () => {
    const tally = new TransferTally(8 * MiB, MiB);
    tally.plan(planOf(full, isData, bitmap(8, []), new Set([0, 1, 3, 5, 6])));
    tally.verified(0, false);
    tally.plan(planOf(full, isData, bitmap(8, [0, 1]), new Set([3, 5, 6])));
    tally.verified(1, false);
    expect(tally.counts()).toMatchObject({ chunksVerified: 2, zeroChunks: 3, chunksUnchanged: 0 });
  });
});

describe('a delta of 8 chunks where chunks 2 (new data) and 5 (now zeros) changed', () => {
  const isData = Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 1]);
  const delta = { mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, generation: 2 };

  it('counts only the changed chunks as verified or zero, the rest as unchanged', () => {
    const tally = new TransferTally(8 * MiB, MiB);
    const plan = planOf(delta, isData, bitmap(8, []), new Set([2, 5]));
    const [P, U] = [ChunkFate.Pending, ChunkFate.Unchanged];
    expect([...plan]).toEqual([U, U, P, U, U, P, U, U]);
    tally.plan(plan);
    tally.verified(2, false);
    tally.verified(5, true);
    const counts = tally.counts();
    expect(counts).toMatchObject({ chunksVerified: 1, bytesVerified: MiB, zeroChunks: 1, zeroBytes: MiB, chunksUnchanged: 6, bytesUnchanged: 6 * MiB, verifiedOffset: 8 * MiB });
  });
});

describe('a disk whose size is not a multiple of the chunk size', () => {
  it('counts the last chunk by its own length', () => {
    const tally = new TransferTally(2 * MiB + 5, MiB);
    tally.plan(Uint8Array.from([0, 0, 0]));
    for (const index of [0, 1, 2]) tally.verified(index, false);
    expect(tally.counts()).toMatchObject({ chunksVerified: 3, bytesVerified: 2 * MiB + 5, verifiedOffset: 2 * MiB + 5 });
  });
});

describe('the tally files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-tally-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('give back every count after the process died without closing them (kill -9)', async () => {
    const files = new TallyFiles(dir, MiB);
    const writer = files.open();
    await writer.plan(4 * MiB, Uint8Array.from([0, ChunkFate.ZeroSkipped, 0, 0]));
    writer.sent(MiB, 1000);
    writer.sent(0, 96);
    writer.verified([0], () => false);
    writer.verified([2], () => true);
    const live = writer.tally.counts();
    const reloaded = new TallyFiles(dir, MiB).load().counts();
    expect(reloaded).toEqual(live);
    expect(reloaded).toMatchObject({ chunksVerified: 1, zeroChunks: 2, zeroBytes: 2 * MiB, sourceBytesRead: MiB, wireBytes: 1096, verifiedOffset: 3 * MiB, virtualSize: 4 * MiB });
    writer.close();
  });

  it('keep the sent and the compression counts of a frame in one append, so a kill -9 cannot split them', async () => {
    const files = new TallyFiles(dir, MiB);
    const writer = files.open();
    await writer.plan(3 * MiB, Uint8Array.from([0, 0, 0]));
    writer.sent(MiB, 400_100, { level: 3, sourceBytes: MiB, payloadBytes: 400_000 });
    writer.sent(MiB, 600_100, { level: -5, sourceBytes: MiB, payloadBytes: 600_000 });
    writer.sent(0, 96);
    const log = await readFile(join(dir, 'counts.log'));
    expect(log.length).toBe(3 * 18);
    // A kill -9 inside the last write leaves part of an entry: neither count takes any of it.
    await writeFile(join(dir, 'counts.log'), log.subarray(0, 2 * 18 + 7));
    const compression = new CompressionTally();
    expect(new TallyFiles(dir, MiB).load(compression).counts()).toMatchObject({ sourceBytesRead: 2 * MiB, wireBytes: 1_000_200 });
    expect(compression.sourceBytes).toBe(2 * MiB);
    expect(compression.payloadBytes).toBe(1_000_000);
    expect(compression.levels()).toEqual([{ level: -5, chunks: 1 }, { level: 3, chunks: 1 }]);
    writer.close();
  });

  it('still count a job whose frames an older prem-manager logged in frames.log and levels.log', async () => {
    const frame = Buffer.alloc(8);
    frame.writeUInt32BE(MiB, 0);
    frame.writeUInt32BE(500_100, 4);
    const level = Buffer.alloc(9);
    level.writeInt8(1, 0);
    level.writeUInt32BE(MiB, 1);
    level.writeUInt32BE(500_000, 5);
    await writeFile(join(dir, 'frames.log'), frame);
    await writeFile(join(dir, 'levels.log'), level);
    const files = new TallyFiles(dir, MiB);
    const writer = files.open();
    writer.sent(MiB, 250_100, { level: 6, sourceBytes: MiB, payloadBytes: 250_000 });
    writer.close();
    const compression = new CompressionTally();
    expect(new TallyFiles(dir, MiB).load(compression).counts()).toMatchObject({ sourceBytesRead: 2 * MiB, wireBytes: 750_200 });
    expect(compression.sourceBytes).toBe(2 * MiB);
    expect(compression.levels()).toEqual([{ level: 1, chunks: 1 }, { level: 6, chunks: 1 }]);
  });

  it('open with the compression of earlier sessions, from the one reading of counts.log that loads the tally', async () => {
    const first = new TallyFiles(dir, MiB).open();
    await first.plan(2 * MiB, Uint8Array.from([0, 0]));
    first.sent(MiB, 300_100, { level: 3, sourceBytes: MiB, payloadBytes: 300_000 });
    first.close();
    const reads = jest.spyOn(fs, 'readFileSync');
    const second = new TallyFiles(dir, MiB).open();
    second.sent(MiB, 200_100, { level: 6, sourceBytes: MiB, payloadBytes: 200_000 });
    expect(second.tally.counts()).toMatchObject({ sourceBytesRead: 2 * MiB, wireBytes: 500_200 });
    // What this writer sends is counted by the live tally its session continues, not in the saved one.
    const saved = second.savedCompression();
    expect(saved.sourceBytes).toBe(MiB);
    expect(saved.levels()).toEqual([{ level: 3, chunks: 1 }]);
    expect(reads.mock.calls.filter(([path]) => String(path).endsWith('counts.log'))).toHaveLength(1);
    reads.mockRestore();
    second.close();
  });

  it('log a chunk verified twice (an ack, then the receiver map at the next session) once', async () => {
    const files = new TallyFiles(dir, MiB);
    const first = files.open();
    await first.plan(2 * MiB, Uint8Array.from([0, 0]));
    first.verified([0], () => false);
    first.close();
    const second = files.open();
    second.verified([0, 1], () => false);
    second.close();
    expect(new TallyFiles(dir, MiB).load().counts()).toMatchObject({ chunksVerified: 2, bytesVerified: 2 * MiB });
  });

  it('report nothing for a transfer that never planned a session', () => {
    expect(new TallyFiles(dir, MiB).load().counts()).toMatchObject({ chunksVerified: 0, virtualSize: 0, verifiedOffset: 0 });
  });
});
