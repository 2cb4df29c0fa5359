// serveGrpc under hostile input (issue 22): each connection gets larger HTTP/2 receive windows, so
// large request bodies on one connection do not queue 64 KiB per round trip; and a refusal quoting a
// request's text that was not valid UTF-8 (an unpaired surrogate after decoding) is answered instead
// of ending the process (grpc-js's encodeURI of the status message threw).
import { connect, type ClientHttp2Session } from 'node:http2';
import { createServer, connect as tcpConnect, type Server as TcpServer, type Socket } from 'node:net';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { GRPC_SERVER_RECEIVE_WINDOWS, serveGrpc, unary, type RunningGrpcServer } from '../src';

import api = ferry.api.v1;

const identity = (b: Buffer): Buffer => b;

/** Unary calls on one connection of their own (a local subchannel pool). */
function rawClient(address: string): Client {
  return new Client(address, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
}

function rawCall(client: Client, path: string, body: Buffer): Promise<{ code: number; details: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) =>
    client.makeUnaryRequest(path, identity, identity, body, new Metadata(), { deadline: Date.now() + 10_000 }, (error: ServiceError | null) =>
      resolve({ code: error?.code ?? 0, details: error?.details ?? '', ms: performance.now() - started }),
    ),
  );
}

/** A TCP relay to `port` that holds every chunk `delayMs` in each direction: a link with a round trip of 2 × delayMs. */
async function slowLink(port: number, delayMs: number): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = tcpConnect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d: Buffer) => void setTimeout(() => upstream.destroyed || upstream.write(d), delayMs));
    upstream.on('data', (d: Buffer) => void setTimeout(() => client.destroyed || client.write(d), delayMs));
  });
  relay.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return relay;
}

describe('serveGrpc: receive windows and unsendable refusals', () => {
  let server: RunningGrpcServer;

  beforeAll(async () => {
    server = await serveGrpc('127.0.0.1', 0, {
      'ferry.api.v1.Ferry': {
        GetPlan: unary('GetPlan', async (r: api.GetPlanRequest) => {
          // Quotes the id as it was decoded, as a refusal naming a bad value does.
          if (r.planId.startsWith('bad')) throw new ValidationError('plan_id', `"${r.planId}" is not a plan id`);
          return { id: r.planId.slice(0, 16) };
        }),
      },
    });
  });
  afterAll(() => server.close());

  it('gives a new connection a 1 MiB stream window (SETTINGS) and an 8 MiB connection window (WINDOW_UPDATE)', async () => {
    const session: ClientHttp2Session = connect(`http://127.0.0.1:${server.port}`);
    try {
      const windows = await new Promise<{ stream: number; connection: number }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no SETTINGS with a 1 MiB initial window within 2 s')), 2000);
        session.on('remoteSettings', (settings) => {
          if (settings.initialWindowSize !== GRPC_SERVER_RECEIVE_WINDOWS.streamBytes) return;
          // The WINDOW_UPDATE is sent right after the SETTINGS frame; give it a moment to arrive.
          setTimeout(() => {
            clearTimeout(timer);
            resolve({ stream: settings.initialWindowSize ?? 0, connection: session.state.remoteWindowSize ?? 0 });
          }, 100);
        });
      });
      expect(windows).toEqual({ stream: 1 << 20, connection: 8 << 20 });
    } finally {
      session.destroy();
    }
  });

  it('carries eight 256 KiB requests at once on one connection over a 40 ms round trip in a few round trips, not 64 KiB per round trip', async () => {
    const relay = await slowLink(server.port, 20);
    const address = relay.address();
    const client = rawClient(`127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    try {
      const body = Buffer.from(api.GetPlanRequest.encode({ planId: 'p'.repeat(256 * 1024) }).finish());
      await rawCall(client, '/ferry.api.v1.Ferry/GetPlan', Buffer.from(api.GetPlanRequest.encode({ planId: 'warm-up' }).finish()));
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 8 }, () => rawCall(client, '/ferry.api.v1.Ferry/GetPlan', body)));
      const ms = performance.now() - started;
      console.log(`8 × 256 KiB on one connection over a 40 ms round trip: ${Math.round(ms)} ms (64 KiB windows need at least 32 round trips, 1.3 s)`);
      expect(answers.map((a) => a.code)).toEqual(Array(8).fill(0));
      expect(ms).toBeLessThan(1000);
    } finally {
      client.close();
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('answers a refusal quoting an unpaired surrogate (bytes ed a0 80) INVALID_ARGUMENT with U+FFFD, and keeps serving', async () => {
    const client = rawClient(`127.0.0.1:${server.port}`);
    try {
      // field 1 (plan_id), 6 bytes: "bad" then ed a0 80, which protobufjs's reader decodes to U+D800.
      const refused = await rawCall(client, '/ferry.api.v1.Ferry/GetPlan', Buffer.from([0x0a, 0x06, 0x62, 0x61, 0x64, 0xed, 0xa0, 0x80]));
      expect(refused).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'plan_id: "bad\ufffd" is not a plan id' });
      const after = await rawCall(client, '/ferry.api.v1.Ferry/GetPlan', Buffer.from(api.GetPlanRequest.encode({ planId: 'plan-1' }).finish()));
      expect(after.code).toBe(0);
    } finally {
      client.close();
    }
  });
});
