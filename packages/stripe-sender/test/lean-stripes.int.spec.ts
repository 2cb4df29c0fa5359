import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTcp, createServer, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Server } from '@grpc/grpc-js';
import { allowLeanUpgrades, connectLean, isStripeTicket, issueLeaf, LEAN_STRIPE, leanLength, mutualTlsClient, mutualTlsServer, type TlsMaterial } from '@ferry/block-pipeline';
import { handleStripe, serveLeanStripes, type StripeSetting, type StripeSink } from '@ferry/chunk-receiver';
import { ferry } from '@ferry/proto';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { SessionStripes, stripeLines, type StripeDialing } from '../src';

const pb = ferry.dataplane.v1;

/** A session registered at the receiver as the Transfer stream registers one: what reached it, and how it ended. */
function openSession(stripes: StripeSetting, id: Buffer, key: Buffer): { frames: ferry.dataplane.v1.SenderMessage[]; failures: Error[]; joined: number } {
  const seen = { frames: [] as ferry.dataplane.v1.SenderMessage[], failures: [] as Error[], joined: 0 };
  const sink: StripeSink = {
    admits: (ticket, stripe) => isStripeTicket(ticket, key, id, stripe),
    joined: () => void seen.joined++,
    frame: (message) => void seen.frames.push(message),
    fail: (error) => void seen.failures.push(error),
  };
  stripes.sinks.set(id.toString('hex'), sink);
  return seen;
}

function chunkFrame(counter: number, bytes: number): Buffer {
  return Buffer.from(pb.SenderMessage.encode({ chunk: { counter, index: counter, length: bytes, ciphertext: Buffer.alloc(bytes, counter) } }).finish());
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends `request` as HTTP/1.1 over mutual TLS to `endpoint` and gives back all it got until the server closed. */
function askHttp1(endpoint: string, tls: TlsMaterial, request: string): Promise<string> {
  const [host, port] = endpoint.split(':');
  return new Promise<string>((resolve, reject) => {
    const socket = tlsConnect({ host, port: Number(port), ca: tls.ca, cert: tls.cert, key: tls.key, ALPNProtocols: ['http/1.1'] }, () => socket.write(request));
    let got = '';
    socket.on('data', (data: Buffer) => (got += data.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

/** Carries one frame over a single stripe line to `endpoint` for a session opened here; returns what the session received. */
async function oneFrameOver(endpoint: string, dialing: StripeDialing, stripes: StripeSetting, seed: number): Promise<ferry.dataplane.v1.SenderMessage[]> {
  const id = Buffer.alloc(16, seed);
  const key = Buffer.alloc(32, seed + 1);
  const seen = openSession(stripes, id, key);
  const [line] = stripeLines(endpoint, dialing, 1);
  try {
    expect(await line!.ready(Date.now() + 3000)).toBe(true);
    const failures: Error[] = [];
    const channel = line!.open({ id, key }, 1, (error) => failures.push(error));
    channel.write({ wire: chunkFrame(0, 500) });
    expect(await channel.end()).toBe(1);
    expect(failures).toEqual([]);
    return seen.frames;
  } finally {
    line!.close();
  }
}

/** A ChunkReceiver server of the site CA, with or without lean stripes, whose stripes join `stripes`' sessions. */
async function receiver(tls: TlsMaterial, stripes: StripeSetting, lean: boolean): Promise<{ endpoint: string; server: Server }> {
  const server = new Server();
  if (lean) allowLeanUpgrades(server);
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.ChunkReceiver'), {
    Transfer: () => undefined,
    TransferStripe: (call: Parameters<typeof handleStripe>[0], callback: Parameters<typeof handleStripe>[1]) => handleStripe(call, callback, stripes),
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', mutualTlsServer(tls), (error, bound) => (error ? reject(error) : resolve(bound))));
  if (lean) expect(serveLeanStripes(server, stripes, () => undefined)).toBe(1);
  return { endpoint: `127.0.0.1:${port}`, server };
}

describe('lean stripes: frames over an upgraded mutual-TLS connection to the Transfer port', () => {
  let dir: string;
  let receiverTls: TlsMaterial;
  let senderTls: TlsMaterial;
  let stripes: StripeSetting;
  let lean: { endpoint: string; server: Server };
  let dialing: StripeDialing;
  const fallbacks: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-lean-stripes-'));
    receiverTls = await issueLeaf(dir, 'cloud-manager');
    senderTls = await issueLeaf(dir, 'prem-manager');
    stripes = { max: 4, sinks: new Map() };
    lean = await receiver(receiverTls, stripes, true);
    dialing = { transport: 'lean', credentials: mutualTlsClient(senderTls), tls: senderTls, log: (line) => void fallbacks.push(line) };
  });
  afterAll(async () => {
    lean?.server.forceShutdown();
    await rm(dir, { recursive: true, force: true });
  });

  it('carries a session\'s frames over several lean stripes, each counted by the receiver, and byte for byte', async () => {
    const id = Buffer.alloc(16, 1);
    const key = Buffer.alloc(32, 2);
    const seen = openSession(stripes, id, key);
    const lines = stripeLines(lean.endpoint, dialing, 3);
    try {
      const up = await SessionStripes.connected(lines, 3000);
      expect(up).toHaveLength(3);
      const failures: Error[] = [];
      const session = new SessionStripes(up, { id, key }, (error) => failures.push(error), () => undefined);
      const written: number[] = [];
      for (let counter = 0; counter < 12; counter++) {
        let stripe = session.pick();
        while (stripe === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          stripe = session.pick();
        }
        // 1 MiB and small frames alike, several of them in one read at the receiver.
        session.write(stripe, { wire: chunkFrame(counter, counter % 3 === 0 ? 1024 * 1024 : 300) }, () => written.push(counter));
      }
      const perStripe = await session.end();
      expect(failures).toEqual([]);
      expect(perStripe.reduce((a, b) => a + b, 0)).toBe(12);
      expect(perStripe).toHaveLength(3);
      expect(perStripe.every((n) => n > 0)).toBe(true);
      expect(written.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
      expect(seen.joined).toBe(3);
      expect(seen.failures).toEqual([]);
      const byCounter = new Map(seen.frames.map((frame) => [Number(frame.chunk!.counter), frame.chunk!]));
      for (let counter = 0; counter < 12; counter++) {
        const received = byCounter.get(counter)!.ciphertext!;
        expect(Buffer.from(received).equals(Buffer.alloc(counter % 3 === 0 ? 1024 * 1024 : 300, counter))).toBe(true);
        // Each frame owns its memory, so the receiver may move it to a verify worker.
        expect(received.buffer.byteLength).toBeLessThan(received.length + 64 * 1024);
      }
      expect(fallbacks).toEqual([]);
    } finally {
      for (const line of lines) line.close();
    }
  });

  it('refuses a stripe whose ticket is not its session\'s (PERMISSION_DENIED) and leaves the session alone', async () => {
    const id = Buffer.alloc(16, 3);
    const seen = openSession(stripes, id, Buffer.alloc(32, 4));
    const [line] = stripeLines(lean.endpoint, dialing, 1);
    try {
      expect(await line!.ready(Date.now() + 3000)).toBe(true);
      const failures: Array<Error & { grpcCode?: number }> = [];
      const channel = line!.open({ id, key: Buffer.alloc(32, 9) }, 1, (error) => failures.push(error));
      expect(await channel.end()).toBe(0);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.grpcCode).toBe(7);
      expect(failures[0]!.message).toMatch(/ticket is not this session's/);
      expect(seen.failures).toEqual([]);
      expect(seen.joined).toBe(0);
    } finally {
      line!.close();
    }
  });

  it('a stripe cut after its frames fails the session it joined, saying how many it carried', async () => {
    const id = Buffer.alloc(16, 5);
    const key = Buffer.alloc(32, 6);
    const seen = openSession(stripes, id, key);
    const [line] = stripeLines(lean.endpoint, dialing, 1);
    expect(await line!.ready(Date.now() + 3000)).toBe(true);
    const failures: Error[] = [];
    const channel = line!.open({ id, key }, 1, (error) => failures.push(error));
    channel.write({ wire: chunkFrame(0, 1000) });
    channel.write({ wire: chunkFrame(1, 1000) });
    await until(() => seen.frames.length === 2, 'two frames at the receiver');
    channel.cancel();
    await until(() => seen.failures.length === 1, 'the session to fail');
    expect(seen.failures[0]!.message).toMatch(/was cut after 2 frames/);
    expect(failures[0]!.message).toMatch(/cancelled by the sender/);
    line!.close();
  });

  it('a message longer than any frame is refused, naming the limit and the protocol', async () => {
    const { socket } = await connectLean(lean.endpoint, senderTls, LEAN_STRIPE);
    const reply = new Promise<ferry.dataplane.v1.StripeReply>((resolve) => {
      let got = Buffer.alloc(0);
      socket.on('data', (data: Buffer) => {
        got = Buffer.concat([got, data]);
        if (got.length >= 4 && got.length >= 4 + got.readUInt32BE(0)) resolve(pb.StripeReply.decode(got.subarray(4, 4 + got.readUInt32BE(0))));
      });
    });
    socket.resume();
    socket.write(leanLength(0xfffffff0));
    const refused = (await reply).refused;
    expect(refused?.code).toBe(3);
    expect(refused?.details).toMatch(/4294967280 bytes is above the \d+ allowed; the peer does not speak a lean stream/);
    socket.destroy();
  });

  it('answers an upgrade to another protocol with what it takes, and a client without a site certificate gets no connection', async () => {
    const [host, port] = lean.endpoint.split(':');
    const answer = await askHttp1(lean.endpoint, senderTls, `POST ${LEAN_STRIPE.path} HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(answer).toMatch(/upgrades to ferry-stripe\/1 only, not websocket/);
    const outsider = await new Promise<string>((resolve) => {
      const socket = tlsConnect({ host, port: Number(port), ca: senderTls.ca, ALPNProtocols: ['http/1.1'] }, () => {
        socket.write(`POST ${LEAN_STRIPE.path} HTTP/1.1\r\nhost: x\r\nupgrade: ferry-stripe/1\r\nconnection: Upgrade\r\n\r\n`);
      });
      let got = '';
      socket.on('data', (data: Buffer) => (got += data.toString()));
      socket.on('error', (error) => resolve(`error: ${error.message}`));
      socket.on('close', () => resolve(got === '' ? 'closed' : got));
    });
    // Refused in the TLS handshake (the server requires a site certificate): no HTTP answer at all.
    expect(outsider).toMatch(/^error: .*certificate/);
  });

  it('answers a plain HTTP/1.1 request at once with 426 and what the port takes, and its gRPC streams stay gRPC\'s', async () => {
    const asked = Date.now();
    const answer = await askHttp1(lean.endpoint, senderTls, 'GET /metrics HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 426 Upgrade Required/);
    expect(answer).toMatch(/\r\nupgrade: ferry-stripe\/1\r\n/i);
    expect(answer).toMatch(/this port serves gRPC over HTTP\/2, and ferry-stripe\/1 at \/ferry\.dataplane\.v1\.ChunkReceiver\/LeanStripe by an HTTP\/1\.1 Upgrade; a plain GET \/metrics has no answer here/);
    // A gRPC stream on the same listener is still grpc-js's, not wrapped for Node's compatibility API.
    expect(await oneFrameOver(lean.endpoint, { ...dialing, transport: 'grpc' }, stripes, 9)).toHaveLength(1);
  });

  it('a receiver older than lean stripes (HTTP/2 only) gets the stripe as a TransferStripe stream, and the sender says why', async () => {
    const old = await receiver(receiverTls, stripes, false);
    try {
      expect(await oneFrameOver(old.endpoint, dialing, stripes, 7)).toHaveLength(1);
      expect(fallbacks).toHaveLength(1);
      expect(fallbacks[0]).toMatch(/^stripes to 127\.0\.0\.1:\d+ go over gRPC TransferStripe: 127\.0\.0\.1:\d+ speaks HTTP\/2 only \(gRPC\): it is older than ferry-stripe\/1/);
    } finally {
      old.server.forceShutdown();
    }
  });
  it('goes through the HTTP proxy gRPC would use: CONNECT with the proxy URL\'s credentials, then the same frames', async () => {
    const connects: string[] = [];
    const proxy = createServer((client) => {
      client.once('data', (head) => {
        connects.push(head.toString('latin1'));
        const [host, port] = head.toString('latin1').split(' ')[1]!.split(':');
        const upstream = connectTcp(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const saved = process.env.grpc_proxy;
    const fellBack = fallbacks.length;
    process.env.grpc_proxy = `http://ferry:pw@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const id = Buffer.alloc(16, 9);
    const key = Buffer.alloc(32, 10);
    const seen = openSession(stripes, id, key);
    const [line] = stripeLines(lean.endpoint, dialing, 1);
    try {
      const up = await SessionStripes.connected([line!], 3000);
      const failures: Error[] = [];
      const session = new SessionStripes(up, { id, key }, (error) => failures.push(error), () => undefined);
      for (let counter = 0; counter < 3; counter++) {
        let stripe = session.pick();
        while (stripe === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          stripe = session.pick();
        }
        session.write(stripe, { wire: chunkFrame(counter, 200_000) });
      }
      expect(await session.end()).toEqual([3]);
      expect(failures).toEqual([]);
      expect(connects).toHaveLength(1);
      expect(connects[0]).toMatch(new RegExp(`^CONNECT ${lean.endpoint.replace(/\./g, '\\.')} HTTP/1\\.1\r\n`));
      expect(connects[0]).toContain(`proxy-authorization: Basic ${Buffer.from('ferry:pw').toString('base64')}\r\n`);
      expect(seen.frames.map((frame) => Buffer.from(frame.chunk!.ciphertext!).equals(Buffer.alloc(200_000, Number(frame.chunk!.counter))))).toEqual([true, true, true]);
      expect(fallbacks.slice(fellBack)).toEqual([]);
    } finally {
      line!.close();
      if (saved === undefined) delete process.env.grpc_proxy;
      else process.env.grpc_proxy = saved;
      proxy.close();
    }
  });
});
