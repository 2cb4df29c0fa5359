/**
 * Migrate back's writes through the real prem-esxi-manager (BLOCK_WRITE_PORT, mutual TLS): a prem disk
 * (a monolithicFlat VMDK under SOURCE_ROOTS) is brought to equal a "cloud" copy that changed some
 * chunks. The sender asks for the prem disk's own chunk hashes (TRANSFER_MODE_DELTA_HASHES), ships
 * only the chunks that differ, sealed; the disk ends equal by qemu-img compare. A tampered frame writes
 * nothing; kill -9 mid-stream resumes from the persisted map; a client without a site certificate is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentials, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { diskDigest, ensureSiteKey, issueLeaf, mutualTlsClient, newDataKey, SenderSession, sha256, wrapDataKey } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { makeImage, makeSourceRaw, makeTempDir, qemuCompare, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';

jest.setTimeout(120_000);
const pb = ferry.dataplane.v1;
const MiB = 1 << 20;
const CHUNK = MiB;
const SIZE = 8 * MiB;

type Stream = ClientDuplexStream<ferry.dataplane.v1.ISenderMessage, ferry.dataplane.v1.ReceiverMessage>;

/** One Transfer stream; `next(kind)` waits for the next message of that kind, `ended` for the status. */
function openStream(client: Client) {
  const call = (client as unknown as { Transfer(): Stream }).Transfer();
  const messages: ferry.dataplane.v1.ReceiverMessage[] = [];
  const waiters: Array<() => void> = [];
  call.on('data', (m: ferry.dataplane.v1.ReceiverMessage) => {
    messages.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const ended = new Promise<{ code: number; details: string }>((resolve) => {
    call.on('error', (e: Error & { code: number; details: string }) => resolve({ code: e.code, details: e.details }));
    call.on('status', (s: { code: number; details: string }) => {
      if (s.code === 0) resolve(s);
    });
  });
  const until = async (test: () => boolean): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`no such reply in 30 s; got ${JSON.stringify(messages)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  return { call, messages, ended, until };
}

const fileSha = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');

describe('the prem block writer (migrate back)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let nats: NatsHandle;
  let esxi: ServiceHandle;
  let client: Client;
  let caDir: string;
  let siteKey: Buffer;
  const dataKey = newDataKey();

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-block-write-'));
    caDir = join(dir, 'site-ca');
    nats = await startNats();
    esxi = await startService('prem-esxi-manager', { NATS_URL: nats.url, CA_DIR: caDir, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: join(dir, 'ds'), STATE_DIR: join(dir, 'state') });
    siteKey = await ensureSiteKey(caDir);
    client = grpcClient('ferry.dataplane.v1.ChunkReceiver', `127.0.0.1:${esxi.ports.BLOCK_WRITE_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'cloud-side-test')) });
  });

  afterAll(async () => {
    client?.close();
    await esxi?.stop();
    await nats?.stop();
    await cleanup?.();
  });

  /** A prem disk (monolithicFlat VMDK of random data) and a cloud copy with `changed` chunks rewritten. */
  async function disks(name: string, changed: number[]): Promise<{ vmdk: string; flat: string; cloud: string }> {
    const raw = join(dir, `${name}.raw`);
    await makeSourceRaw(raw, SIZE, [{ offset: 0, length: SIZE, kind: 'random' }]);
    await mkdir(join(dir, 'ds', name), { recursive: true });
    const vmdk = await makeImage(raw, 'vmdk-monolithicFlat', join(dir, 'ds', name, `${name}.vmdk`));
    const cloud = join(dir, `${name}-cloud.raw`);
    await copyFile(raw, cloud);
    const file = await open(cloud, 'r+');
    for (const index of changed) await file.write(randomBytes(CHUNK), 0, CHUNK, index * CHUNK);
    await file.close();
    return { vmdk, flat: vmdk.replace(/\.vmdk$/, '-flat.vmdk'), cloud };
  }

  /** The cloud copy's chunks and their hashes. */
  async function chunksOf(path: string): Promise<Buffer[]> {
    const bytes = await readFile(path);
    return Array.from({ length: SIZE / CHUNK }, (_, i) => bytes.subarray(i * CHUNK, (i + 1) * CHUNK));
  }

  /** Opens a session onto `flat`, asking for the prem disk's hashes; returns the stream and the chunks that differ. */
  async function session(migrationId: string, flat: string, cloud: Buffer[]) {
    const sender = new SenderSession(dataKey, { migrationId, diskId: 'disk-0', generation: 1 });
    const stream = openStream(client);
    stream.call.write({ open: { ...sender.params, wrappedDataKey: wrapDataKey(siteKey, dataKey, migrationId), virtualSize: SIZE, chunkSize: CHUNK, targetPath: flat, targetFormat: 'raw', mode: pb.TransferMode.TRANSFER_MODE_DELTA_HASHES } });
    await stream.until(() => stream.messages.some((m) => m.accepted));
    const accepted = stream.messages.find((m) => m.accepted)!.accepted!;
    const premHashes = Buffer.from(accepted.chunkHashes ?? new Uint8Array());
    const differing = cloud.map((c, i) => i).filter((i) => !premHashes.subarray(i * 32, (i + 1) * 32).equals(sha256(cloud[i]!)));
    return { sender, stream, differing, verified: Buffer.from(accepted.verifiedBitmap ?? new Uint8Array()) };
  }

  const send = (s: Awaited<ReturnType<typeof session>>, cloud: Buffer[], indexes: number[]): void => {
    for (const index of indexes) s.stream.call.write({ chunk: s.sender.seal({ index, offset: index * CHUNK, length: CHUNK, data: cloud[index]! }) });
  };
  const finish = (s: Awaited<ReturnType<typeof session>>, cloud: Buffer[]): void => {
    s.stream.call.write({ final: s.sender.sealFinal(diskDigest(SIZE, CHUNK, cloud.map((c) => sha256(c)))) });
  };

  it('ships only the chunks that differ, in place, and the prem disk equals the cloud copy', async () => {
    const { vmdk, flat, cloud: cloudPath } = await disks('web', [1, 4, 7]);
    const cloud = await chunksOf(cloudPath);
    const s = await session('mig-back-1', flat, cloud);
    expect(s.differing).toEqual([1, 4, 7]);
    send(s, cloud, s.differing);
    finish(s, cloud);
    expect((await s.stream.ended).code).toBe(0);
    expect(Number(s.stream.messages.find((m) => m.completed)?.completed?.duplicateFrames)).toBe(0);
    expect((await qemuCompare(cloudPath, vmdk, { a: 'raw', b: 'vmdk' })).identical).toBe(true);
  });

  it('rejects a tampered frame and leaves the prem disk as it was', async () => {
    const { flat, cloud: cloudPath } = await disks('db', [2]);
    const cloud = await chunksOf(cloudPath);
    const before = await fileSha(flat);
    const s = await session('mig-back-2', flat, cloud);
    const frame = s.sender.seal({ index: 2, offset: 2 * CHUNK, length: CHUNK, data: cloud[2]! });
    const ciphertext = Buffer.from(frame.ciphertext);
    ciphertext[100] = (ciphertext[100] ?? 0) ^ 1;
    s.stream.call.write({ chunk: { ...frame, ciphertext } });
    const status = await s.stream.ended;
    expect(status.code).toBe(15); // DATA_LOSS
    expect(status.details).toMatch(/authentication tag does not verify/);
    expect(await fileSha(flat)).toBe(before);
  });

  it('resumes after kill -9 of prem-esxi-manager mid-stream from what landed', async () => {
    const { vmdk, flat, cloud: cloudPath } = await disks('app', [0, 3, 5, 6]);
    const cloud = await chunksOf(cloudPath);
    const first = await session('mig-back-3', flat, cloud);
    expect(first.differing).toEqual([0, 3, 5, 6]);
    send(first, cloud, [0, 3]);
    await first.stream.until(() => first.stream.messages.flatMap((m) => m.ack?.indexes ?? []).length >= 2);
    await esxi.kill9();
    await esxi.restart();
    const second = await session('mig-back-3', flat, cloud);
    // The acknowledged chunks are on the disk and recorded: only the rest still differ.
    expect(second.differing).toEqual([5, 6]);
    expect(second.verified[0]).toBe(0b1001);
    send(second, cloud, second.differing);
    finish(second, cloud);
    expect((await second.stream.ended).code).toBe(0);
    expect((await qemuCompare(cloudPath, vmdk, { a: 'raw', b: 'vmdk' })).identical).toBe(true);
  });

  it('refuses a disk outside SOURCE_ROOTS and a client without a site certificate', async () => {
    const outside = openStream(client);
    const sender = new SenderSession(dataKey, { migrationId: 'mig-back-4', diskId: 'disk-0', generation: 1 });
    outside.call.write({ open: { ...sender.params, wrappedDataKey: wrapDataKey(siteKey, dataKey, 'mig-back-4'), virtualSize: SIZE, chunkSize: CHUNK, targetPath: '/etc/passwd', targetFormat: 'raw' } });
    const refused = await outside.ended;
    expect(refused.code).toBe(3); // INVALID_ARGUMENT
    expect(refused.details).toMatch(/outside the target roots .*SOURCE_ROOTS/);

    const stranger = grpcClient('ferry.dataplane.v1.ChunkReceiver', `127.0.0.1:${esxi.ports.BLOCK_WRITE_PORT}`, { credentials: credentials.createSsl(await readFile(join(caDir, 'ca.crt'))) });
    const { call, ended } = openStream(stranger);
    call.write({ open: {} });
    expect((await ended).code).toBe(14); // UNAVAILABLE: the TLS handshake fails
    stranger.close();
  });
});
