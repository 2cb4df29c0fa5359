/**
 * ShipChunks through the real prem-esxi-manager, at its edges: a start it cannot use is refused with what
 * to fix before anything is read or dialled, and a receiver it cannot reach is answered with ShipReady
 * naming no stripe, so the caller sends the frames itself. (The frames' way to a real receiver, and every
 * kill -9 on it, are in prem-manager's frames-from-source and crash-resume suites.)
 */
import { join } from 'node:path';
import { Server, type Client, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { connectLean, issueLeaf, LEAN_SHIP, LeanFrameReader, mutualTlsClient, mutualTlsServer, newDataKey, SenderSession, writeLean, type TlsMaterial } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { freePort, makeSourceRaw, makeTempDir, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';

jest.setTimeout(60_000);
const MiB = 1 << 20;

type ShipCall = ClientDuplexStream<ferry.dataplane.v1.IShipControl, ferry.dataplane.v1.ShipReply>;
interface BlockSourceClient extends Client {
  ShipChunks(): ShipCall;
}

/** Every reply of the call until it ends, and its error if it ended with one. */
async function repliesOf(call: ShipCall): Promise<{ replies: ferry.dataplane.v1.ShipReply[]; error?: ServiceError }> {
  const replies: ferry.dataplane.v1.ShipReply[] = [];
  try {
    for await (const reply of call as AsyncIterable<ferry.dataplane.v1.ShipReply>) replies.push(reply);
    return { replies };
  } catch (error) {
    return { replies, error: error as ServiceError };
  }
}

describe('ShipChunks at its edges', () => {
  let cleanup: () => Promise<void>;
  let nats: NatsHandle;
  let esxi: ServiceHandle;
  let blocks: BlockSourceClient;
  let raw: string;
  /** A TLS server of the site CA the source's stripes connect to (no service: only their connections matter here). */
  let receiver: Server;
  let receiverEndpoint: string;
  let callerTls: TlsMaterial;

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = await makeTempDir('ferry-ship-'));
    raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, 4 * MiB, [{ offset: 0, length: 4 * MiB, kind: 'random' }]);
    nats = await startNats();
    const caDir = join(dir, 'site-ca');
    esxi = await startService('prem-esxi-manager', { NATS_URL: nats.url, CA_DIR: caDir, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: dir });
    receiver = new Server();
    const receiverTls = mutualTlsServer(await issueLeaf(caDir, 'receiver', ['127.0.0.1']));
    const port = await new Promise<number>((resolve, reject) => receiver.bindAsync('127.0.0.1:0', receiverTls, (error, bound) => (error ? reject(error) : resolve(bound))));
    receiverEndpoint = `127.0.0.1:${port}`;
    callerTls = await issueLeaf(caDir, 'ship-chunks-test');
    blocks = grpcClient('ferry.dataplane.v1.BlockSource', `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, { credentials: mutualTlsClient(callerTls) }) as BlockSourceClient;
  });

  afterAll(async () => {
    blocks?.close();
    receiver?.forceShutdown();
    await esxi?.stop();
    await nats?.stop();
    await cleanup?.();
  });

  function seal(): ferry.dataplane.v1.ISealSpec {
    const sender = new SenderSession(newDataKey(), { migrationId: 'mig-ship', diskId: 'disk-0', generation: 1 });
    return { sessionKey: sender.key, ...sender.params, firstCounter: sender.reserveBlock(4) };
  }

  it('answers a receiver it cannot reach with ShipReady naming no stripe and why, and ends the call', async () => {
    const endpoint = `127.0.0.1:${await freePort()}`; // nothing listens there
    const call = blocks.ShipChunks();
    call.write({ start: { read: { disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 3 }], seal: seal() }, receiverEndpoint: endpoint, stripes: 2 } });
    const { replies, error } = await repliesOf(call);
    expect(error).toBeUndefined();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.ready?.stripes).toBe(0);
    expect(replies[0]?.ready?.unreachable).toContain(`could not connect to the receiver at ${endpoint}`);
  });

  it.each([
    ['a grant before the start', { grant: { frames: 1 } }, /begins with ShipControl.start/],
    ['a read without a SealSpec', { start: { read: { disk: { locator: 'file:/x' }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }] }, receiverEndpoint: '127.0.0.1:1', stripes: 1 } }, /start.read.seal.*sealed frames only/],
    ['a SealSpec without its session key', { start: { read: { disk: { locator: 'file:/x' }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }], seal: { sessionKey: Buffer.alloc(5) } }, receiverEndpoint: '127.0.0.1:1', stripes: 1 } }, /session_key.*32-byte session key, got 5 bytes/],
    ['no receiver endpoint', { start: { read: { disk: { locator: 'file:/x' }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }], seal: { sessionKey: Buffer.alloc(32) } }, stripes: 1 } }, /start.receiver_endpoint.*host:port/],
    ['no stripes', { start: { read: { disk: { locator: 'file:/x' }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }], seal: { sessionKey: Buffer.alloc(32) } }, receiverEndpoint: '127.0.0.1:1', stripes: 0 } }, /start.stripes.*must be 1 to 16.*got 0/],
  ] as const)('refuses %s with INVALID_ARGUMENT naming the fix', async (_what, first, message) => {
    const call = blocks.ShipChunks();
    call.write(first as ferry.dataplane.v1.IShipControl);
    const { replies, error } = await repliesOf(call);
    expect(replies).toHaveLength(0);
    expect(error?.code).toBe(3);
    expect(error?.details).toMatch(message);
  });

  it('dials ahead on a start without a read, answers ShipReady, then refuses a read it cannot use with INVALID_ARGUMENT naming the fix', async () => {
    const reads: Array<[ferry.dataplane.v1.IShipRead, RegExp]> = [
      [{ read: { disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }] }, stripes: 1 }, /read.read.seal.*sealed frames only/],
      [{ read: { disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 0 }], seal: seal() }, stripes: 0 }, /read.stripes.*must be 1 or more.*of the 2 up/],
    ];
    for (const [read, message] of reads) {
      const call = blocks.ShipChunks();
      call.write({ start: { receiverEndpoint, stripes: 2 } });
      const replies = (call as AsyncIterable<ferry.dataplane.v1.ShipReply>)[Symbol.asyncIterator]();
      // The stripes are up before any read is named.
      expect((await replies.next()).value?.ready?.stripes).toBe(2);
      call.write({ read });
      const error = await replies.next().then(() => undefined, (failure: ServiceError) => failure);
      expect(error?.code).toBe(3);
      expect(error?.details).toMatch(message);
    }
  });

  describe('as a lean stream (ferry-ship/1 on the same port)', () => {
    /** Sends `messages` (ShipControl, or raw bytes) on a lean ShipChunks and reads the replies until the end (a length of 0) or ShipFailed. */
    async function lean(messages: Array<ferry.dataplane.v1.IShipControl | Buffer>): Promise<{ replies: ferry.dataplane.v1.ShipReply[]; ended: boolean; failed?: ferry.dataplane.v1.IShipFailed }> {
      const { socket, rest } = await connectLean(`127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, callerTls, LEAN_SHIP);
      const replies: ferry.dataplane.v1.ShipReply[] = [];
      const reader = new LeanFrameReader();
      const done = new Promise<{ ended: boolean; failed?: ferry.dataplane.v1.IShipFailed }>((resolve) => {
        const take = (data: Buffer): void => {
          for (const bytes of reader.push(data)) {
            if (bytes.length === 0) return resolve({ ended: true });
            const reply = ferry.dataplane.v1.ShipReply.decode(bytes);
            if (reply.failed) return resolve({ ended: false, failed: reply.failed });
            replies.push(reply);
          }
        };
        socket.on('data', take);
        socket.on('close', () => resolve({ ended: false }));
        if (rest.length > 0) take(rest);
        socket.resume(); // connectLean hands it over paused
      });
      for (const message of messages) writeLean(socket, Buffer.isBuffer(message) ? message : ferry.dataplane.v1.ShipControl.encode(message).finish());
      const outcome = await done;
      socket.destroy();
      return { replies, ...outcome };
    }

    it('answers a receiver it cannot reach with ShipReady naming no stripe, then ends the stream', async () => {
      const endpoint = `127.0.0.1:${await freePort()}`;
      const { replies, ended, failed } = await lean([{ start: { read: { disk: { locator: `file:${raw}` }, chunkSize: MiB, ranges: [{ first: 0, last: 3 }], seal: seal() }, receiverEndpoint: endpoint, stripes: 2 } }]);
      expect(failed).toBeUndefined();
      expect(ended).toBe(true);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.ready?.unreachable).toContain(`could not connect to the receiver at ${endpoint}`);
    });

    it('refuses a start it cannot use with ShipFailed INVALID_ARGUMENT naming the fix, as the gRPC call is refused', async () => {
      const { replies, failed } = await lean([{ grant: { frames: 1 } }]);
      expect(replies).toHaveLength(0);
      expect(failed?.code).toBe(3);
      expect(failed?.details).toMatch(/begins with ShipControl.start/);
    });

    it('refuses bytes that are not a ShipControl, naming the protocol', async () => {
      const { failed } = await lean([Buffer.from([0xff, 0xff, 0xff])]);
      expect(failed?.code).toBe(3);
      expect(failed?.details).toMatch(/is not a ShipControl.*ferry-ship\/1/);
    });

    it('dials ahead on a start without a read and answers ShipReady with the stripes up', async () => {
      const { socket, rest } = await connectLean(`127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, callerTls, LEAN_SHIP);
      const first = new Promise<ferry.dataplane.v1.ShipReply>((resolve) => {
        const reader = new LeanFrameReader();
        const take = (data: Buffer): void => {
          const [bytes] = reader.push(data);
          if (bytes !== undefined) resolve(ferry.dataplane.v1.ShipReply.decode(bytes));
        };
        socket.on('data', take);
        if (rest.length > 0) take(rest);
        socket.resume();
      });
      writeLean(socket, ferry.dataplane.v1.ShipControl.encode({ start: { receiverEndpoint, stripes: 2 } }).finish());
      expect((await first).ready?.stripes).toBe(2);
      socket.destroy(); // a caller that goes away: the source cuts its stripes
    });
  });
});
