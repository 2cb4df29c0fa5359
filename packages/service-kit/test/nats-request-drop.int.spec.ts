// natsRequest across a real nats-server killed with -9: a request whose reply is lost with the server
// fails as soon as the connection drops (not at its timeout), and the same request sent again after the
// reconnect is answered.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { connect, type NatsConnection } from 'nats';
import { ferry } from '@ferry/proto';
import { ConnectionDroppedError, natsRequest, unwrap, wrap } from '../src';

jest.setTimeout(60_000);

const SUBJECT = 'ferry.test.drop.describe-volume';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A bare nats-server on `port` (core NATS only: no JetStream, no users), ready when its client port takes a connection. */
async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const nc = await connect({ servers: `127.0.0.1:${port}`, reconnect: false }).catch(() => undefined);
    if (nc) {
      await nc.close();
      return child;
    }
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server did not start on port ${port}`);
}

describe('natsRequest when the NATS connection drops while it waits', () => {
  let port: number;
  let server: ChildProcess;
  let caller: NatsConnection;
  let responder: NatsConnection;
  const seen: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    server = await startServer(port);
    const options = { servers: `127.0.0.1:${port}`, maxReconnectAttempts: -1, reconnectTimeWait: 200 };
    caller = await connect(options);
    responder = await connect(options);
    // The first request is taken and never answered, as when the reply went out into a server that then died.
    responder.subscribe(SUBJECT, {
      callback: (_error, msg) => {
        const { iqn } = unwrap(msg.data).message as ferry.cache.v1.DescribeVolumeRequest;
        seen.push(iqn);
        if (seen.length > 1) msg.respond(wrap(ferry.cache.v1.Volume.create({ iqn, chapUser: 'answered' })));
      },
    });
    await responder.flush();
  });

  afterAll(async () => {
    await caller?.close();
    await responder?.close();
    server?.kill('SIGKILL');
  });

  it('fails at the drop with ConnectionDroppedError naming the subject, and the request sent again after the reconnect is answered', async () => {
    const timeoutMs = 45_000;
    const started = Date.now();
    const pending = natsRequest(caller, SUBJECT, ferry.cache.v1.DescribeVolumeRequest.create({ iqn: 'iqn.test:first' }), { timeoutMs });
    const failed = pending.then(() => undefined, (error: unknown) => error);
    for (const until = Date.now() + 5000; seen.length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['iqn.test:first']);

    server.kill('SIGKILL');
    await once(server, 'exit');
    const error = await failed;
    const waitedMs = Date.now() - started;
    expect(error).toBeInstanceOf(ConnectionDroppedError);
    expect((error as Error).message).toContain(`dropped while waiting for the reply on ${SUBJECT}`);
    expect(waitedMs).toBeLessThan(timeoutMs / 3);

    server = await startServer(port);
    const reconnected = async (nc: NatsConnection): Promise<void> => {
      for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        if (await nc.flush().then(() => true, () => false)) return;
      }
      throw new Error('the client did not reconnect within 15 s');
    };
    await reconnected(caller);
    await reconnected(responder);
    const volume = await natsRequest<ferry.cache.v1.Volume>(caller, SUBJECT, ferry.cache.v1.DescribeVolumeRequest.create({ iqn: 'iqn.test:first' }), { timeoutMs: 5000 });
    expect(volume.iqn).toBe('iqn.test:first');
    expect(volume.chapUser).toBe('answered');
  });
});
