/**
 * Sealed reads through the real prem-esxi-manager: each chunk comes back as a frame of the caller's
 * session, under the counters the caller reserved, that the receiver's verifier opens to the source's
 * bytes (a changed span alone when asked, hashed whole); a SealSpec or span the source cannot use is
 * refused before anything is read.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { Encoding, issueLeaf, mutualTlsClient, newDataKey, ReceiverSession, SenderSession, type ChunkFrame } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { makeSourceRaw, makeTempDir, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';

jest.setTimeout(60_000);
const MiB = 1 << 20;
const SIZE = 6 * MiB + 12_800; // an odd tail (qemu-img sizes raw files in 512-byte sectors)
const pb = ferry.dataplane.v1;

interface BlockSourceClient extends Client {
  ReadChunks(request: ferry.dataplane.v1.IReadChunksRequest): ClientReadableStream<ferry.dataplane.v1.SourceChunk>;
}

function asFrame(sealed: Uint8Array): ChunkFrame {
  const f = pb.SenderMessage.decode(sealed).chunk as ferry.dataplane.v1.ChunkFrame;
  const buf = (u: Uint8Array) => Buffer.from(u);
  return { sessionId: buf(f.sessionId), counter: Number(f.counter), index: f.index, offset: Number(f.offset), length: f.length, encoding: f.encoding as number as Encoding, plaintextSha256: buf(f.plaintextSha256), ciphertext: buf(f.ciphertext), tag: buf(f.tag) };
}

describe('sealed ReadChunks', () => {
  let cleanup: () => Promise<void>;
  let nats: NatsHandle;
  let esxi: ServiceHandle;
  let blocks: BlockSourceClient;
  let raw: string;

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = await makeTempDir('ferry-sealed-'));
    raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, SIZE, [
      { offset: 0, length: 2 * MiB, kind: 'random' },
      { offset: 2 * MiB, length: 2 * MiB, kind: 'text' },
      { offset: 5 * MiB, length: SIZE - 5 * MiB, kind: 'random' },
    ]);
    // Chunk 4 holds written zeros: allocated, read, and sealed as a zero range.
    const file = await open(raw, 'r+');
    await file.write(Buffer.alloc(MiB), 0, MiB, 4 * MiB);
    await file.close();
    nats = await startNats();
    const caDir = join(dir, 'site-ca');
    esxi = await startService('prem-esxi-manager', { NATS_URL: nats.url, CA_DIR: caDir, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: dir });
    blocks = grpcClient('ferry.dataplane.v1.BlockSource', `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'sealed-reads-test')) }) as BlockSourceClient;
  });

  afterAll(async () => {
    blocks?.close();
    await esxi?.stop();
    await nats?.stop();
    await cleanup?.();
  });

  it('returns frames under the reserved counters that the receiver opens to the source bytes', async () => {
    const dataKey = newDataKey();
    const sender = new SenderSession(dataKey, { migrationId: 'mig-sealed', diskId: 'disk-0', generation: 1 });
    const receiver = new ReceiverSession(dataKey, sender.params, { virtualSize: SIZE, chunkSize: MiB });
    const first = sender.reserveBlock(7);
    const stream = blocks.ReadChunks({ disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 6 }], seal: { sessionKey: sender.key, ...sender.params, firstCounter: first } });
    const source = await readFile(raw);
    const encodings: number[] = [];
    for await (const chunk of stream as AsyncIterable<ferry.dataplane.v1.SourceChunk>) {
      expect(chunk.data.length).toBe(0); // no plaintext on this hop
      const frame = asFrame(chunk.sealed);
      expect(frame.counter).toBe(first + chunk.index);
      const opened = receiver.openChunk(frame);
      const expected = source.subarray(chunk.index * MiB, chunk.index * MiB + frame.length);
      expect(opened.zero ? expected.every((b) => b === 0) : opened.plaintext.equals(expected)).toBe(true);
      expect(Buffer.from(chunk.sha256).equals(opened.sha256)).toBe(true);
      encodings.push(frame.encoding);
    }
    expect(encodings).toEqual([Encoding.Raw, Encoding.Raw, Encoding.Zstd, Encoding.Zstd, Encoding.Zero, Encoding.Raw, Encoding.Raw]);
  });

  it('seals a chunk with a span as that span only, while its SourceChunk hash covers the whole chunk', async () => {
    const dataKey = newDataKey();
    const sender = new SenderSession(dataKey, { migrationId: 'mig-sealed', diskId: 'disk-0', generation: 2 });
    const receiver = new ReceiverSession(dataKey, sender.params, { virtualSize: SIZE, chunkSize: MiB }, true);
    const first = sender.reserveBlock(3);
    const spans = [{ index: 1, start: 4096, length: 65536 }, { index: 6, start: 100, length: 12_000 }];
    const stream = blocks.ReadChunks({ disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 1 }, { first: 6, last: 6 }], spans, seal: { sessionKey: sender.key, ...sender.params, firstCounter: first } });
    const source = await readFile(raw);
    const seen: Array<[number, number, number]> = [];
    for await (const chunk of stream as AsyncIterable<ferry.dataplane.v1.SourceChunk>) {
      const frame = asFrame(chunk.sealed);
      const opened = receiver.openChunk(frame);
      expect(opened.plaintext.equals(source.subarray(frame.offset, frame.offset + frame.length))).toBe(true);
      const whole = source.subarray(chunk.index * MiB, Math.min(SIZE, (chunk.index + 1) * MiB));
      expect(Buffer.from(chunk.sha256).equals(createHash('sha256').update(whole).digest())).toBe(true);
      seen.push([chunk.index, frame.offset - chunk.index * MiB, frame.length]);
    }
    expect(seen).toEqual([[0, 0, MiB], [1, 4096, 65536], [6, 100, 12_000]]);
  });

  it.each([
    ['past its chunk', { index: 0, start: MiB - 10, length: 20 }, false, /spans: span 1048566\+20 of chunk 0 is not within the 1048576-byte chunk/],
    ['without seal', { index: 0, start: 0, length: 20 }, true, /spans: apply to sealed reads only; send seal with them/],
  ])('refuses a span %s, naming the fix', async (_name, span, plain, message) => {
    const sender = new SenderSession(newDataKey(), { migrationId: 'mig-sealed', diskId: 'disk-0', generation: 2 });
    const seal = plain ? undefined : { sessionKey: sender.key, ...sender.params, firstCounter: sender.reserveBlock(1) };
    const stream = blocks.ReadChunks({ disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }], spans: [span], seal });
    await expect((async () => {
      for await (const _ of stream as AsyncIterable<unknown>) void _;
    })()).rejects.toThrow(message);
  });

  it('refuses a SealSpec without a usable session key, naming the field', async () => {
    const sender = new SenderSession(newDataKey(), { migrationId: 'mig-sealed', diskId: 'disk-0', generation: 1 });
    const stream = blocks.ReadChunks({ disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }], seal: { sessionKey: Buffer.alloc(16), ...sender.params } });
    await expect((async () => {
      for await (const _ of stream as AsyncIterable<unknown>) void _;
    })()).rejects.toThrow(/seal\.sessionKey: must be the 32-byte session key, got 16 bytes/);
  });
});
