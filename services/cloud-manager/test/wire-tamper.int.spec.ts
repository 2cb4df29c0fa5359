import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentials, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { ensureSiteKey, issueLeaf, mutualTlsClient, newDataKey, SenderSession, wrapDataKey, type ChunkFrame } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { freePort, makeTempDir } from '@ferry/testing';
import { startReceiver, type ReceiverHandle } from '../src/receiver/start-receiver';

jest.setTimeout(60_000);
const pb = ferry.dataplane.v1;
const CHUNK = 64 * 1024;
const SIZE = 4 * CHUNK;

type Stream = ClientDuplexStream<ferry.dataplane.v1.ISenderMessage, ferry.dataplane.v1.ReceiverMessage>;

/** A stream to the real receiver over mutual TLS; `ended` resolves with the final gRPC status. */
function openStream(client: Client): { call: Stream; messages: ferry.dataplane.v1.ReceiverMessage[]; ended: Promise<{ code: number; details: string }> } {
  const call = (client as unknown as { Transfer(): Stream }).Transfer();
  const messages: ferry.dataplane.v1.ReceiverMessage[] = [];
  call.on('data', (m: ferry.dataplane.v1.ReceiverMessage) => messages.push(m));
  const ended = new Promise<{ code: number; details: string }>((resolve) => {
    call.on('error', (e: Error & { code: number; details: string }) => resolve({ code: e.code, details: e.details }));
    call.on('status', (s: { code: number; details: string }) => {
      if (s.code === 0) resolve(s);
    });
  });
  return { call, messages, ended };
}

function flip(buffer: Buffer, bit: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
}

describe('the chunk receiver rejects tampered streams on the wire and leaves the target uncorrupted', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let receiver: ReceiverHandle;
  let client: Client;
  let siteKey: Buffer;
  let caDir: string;
  const dataKey = newDataKey();
  const good = Buffer.alloc(CHUNK, 'good chunk ');
  const evil = randomBytes(CHUNK);

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-tamper-'));
    caDir = join(dir, 'ca');
    receiver = await startReceiver({ host: '127.0.0.1', port: await freePort(), caDir, targetRoot: join(dir), stateDir: join(dir, 'state'), window: 8, commitBatch: 1, log: () => undefined });
    siteKey = await ensureSiteKey(caDir);
    client = grpcClient('ferry.dataplane.v1.ChunkReceiver', `127.0.0.1:${receiver.port}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'tamper-test')) });
  });
  afterAll(async () => {
    client?.close();
    await receiver?.close();
    await cleanup?.();
  });

  /** Opens a session for `diskId`, sends a good chunk 0, then `attack(frame of chunk 1)` messages. */
  async function attack(diskId: string, tamper: (frame: ChunkFrame, session: SenderSession) => ferry.dataplane.v1.ISenderMessage[]) {
    const target = join(dir, `${diskId}.raw`);
    const session = new SenderSession(dataKey, { migrationId: 'mig-tamper', diskId, generation: 1 });
    const { call, ended } = openStream(client);
    call.write({ open: { ...session.params, wrappedDataKey: wrapDataKey(siteKey, dataKey, 'mig-tamper'), virtualSize: SIZE, chunkSize: CHUNK, targetPath: target, targetFormat: 'raw', mode: pb.TransferMode.TRANSFER_MODE_FULL } });
    call.write({ chunk: session.seal({ index: 0, offset: 0, length: CHUNK, data: good }) });
    const frame = session.seal({ index: 1, offset: CHUNK, length: CHUNK, data: evil });
    for (const message of tamper(frame, session)) call.write(message);
    const status = await ended;
    call.end();
    const bytes = await readFile(target);
    return { status, chunk0: bytes.subarray(0, CHUNK), chunk1: bytes.subarray(CHUNK, 2 * CHUNK) };
  }

  const cases: Array<[string, (f: ChunkFrame, s: SenderSession) => ferry.dataplane.v1.ISenderMessage[], RegExp]> = [
    ['a flipped bit in the ciphertext', (f) => [{ chunk: { ...f, ciphertext: flip(f.ciphertext, 1234) } }], /authentication tag does not verify/],
    ['a flipped bit in the tag', (f) => [{ chunk: { ...f, tag: flip(f.tag, 100) } }], /authentication tag does not verify/],
    ['a flipped bit in the nonce counter', (f) => [{ chunk: { ...f, counter: f.counter ^ 4 } }], /counter 5 but 1 was expected/],
    ['a flipped bit in the associated data (offset)', (f) => [{ chunk: { ...f, index: 3, offset: 3 * CHUNK } }], /authentication tag does not verify/],
    ['a flipped bit in the associated data (hash)', (f) => [{ chunk: { ...f, plaintextSha256: flip(f.plaintextSha256, 7) } }], /authentication tag does not verify/],
    ['a replayed frame', (f) => [{ chunk: f }, { chunk: f }], /replays counter 1/],
    ['a frame from another session of the same disk', (f) => {
      const other = new SenderSession(dataKey, { migrationId: 'mig-tamper', diskId: 'x', generation: 1 });
      return [{ chunk: { ...other.seal({ index: 1, offset: CHUNK, length: CHUNK, data: evil }), counter: f.counter } }];
    }, /belongs to session/],
    ['a frame from another disk with this session id', (f) => {
      const other = new SenderSession(dataKey, { migrationId: 'mig-tamper', diskId: 'other-disk', generation: 1 });
      other.seal({ index: 0, offset: 0, length: CHUNK, data: good });
      return [{ chunk: { ...other.seal({ index: 1, offset: CHUNK, length: CHUNK, data: evil }), sessionId: f.sessionId } }];
    }, /authentication tag does not verify/],
  ];

  it.each(cases)('%s', async (name, tamper, message) => {
    const { status, chunk0, chunk1 } = await attack(`disk-${name.replace(/\W+/g, '-')}`, tamper);
    expect(status.code).toBe(15); // DATA_LOSS
    expect(status.details).toMatch(message);
    // The forged chunk never reached the target; a replay leaves exactly the genuine first copy.
    expect(chunk1.equals(name === 'a replayed frame' ? evil : Buffer.alloc(CHUNK))).toBe(true);
    expect(chunk0.equals(good) || chunk0.equals(Buffer.alloc(CHUNK))).toBe(true);
  });

  it('a stream cut before its final frame is not completed; verified chunks are kept for the resume', async () => {
    const target = join(dir, 'cut.raw');
    const session = new SenderSession(dataKey, { migrationId: 'mig-tamper', diskId: 'cut', generation: 1 });
    const open = { virtualSize: SIZE, chunkSize: CHUNK, targetPath: target, targetFormat: 'raw', mode: pb.TransferMode.TRANSFER_MODE_FULL, wrappedDataKey: wrapDataKey(siteKey, dataKey, 'mig-tamper') };
    const first = openStream(client);
    first.call.write({ open: { ...session.params, ...open } });
    first.call.write({ chunk: session.seal({ index: 0, offset: 0, length: CHUNK, data: good }) });
    first.call.end();
    const status = await first.ended;
    expect(status.code).toBe(15);
    expect(status.details).toMatch(/without its final frame/);
    const resumed = new SenderSession(dataKey, { migrationId: 'mig-tamper', diskId: 'cut', generation: 1 });
    const second = openStream(client);
    second.call.write({ open: { ...resumed.params, ...open } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const accepted = second.messages[0]?.accepted;
    expect(accepted?.verifiedBitmap?.[0]).toBe(0b1); // chunk 0 survived the cut, nothing else is claimed
    second.call.end();
    await second.ended;
    expect((await readFile(target)).subarray(0, CHUNK).equals(good)).toBe(true);
  });

  it('refuses a client without a certificate from the site CA', async () => {
    const stranger = grpcClient('ferry.dataplane.v1.ChunkReceiver', `127.0.0.1:${receiver.port}`, { credentials: credentials.createSsl(await readFile(join(caDir, 'ca.crt'))) });
    const { call, ended } = openStream(stranger);
    call.write({ open: {} });
    const status = await ended;
    expect(status.code).toBe(14); // UNAVAILABLE: the TLS handshake fails
    stranger.close();
  });
});
