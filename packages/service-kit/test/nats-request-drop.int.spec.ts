// natsRequest across a real nats-server killed with -9: a request whose reply is lost with the server
// fails as soon as the connection drops (not at its timeout), and the same request sent again after the
// reconnect is answered; a request made while the client is already reconnecting is held by natsRequest
// (nats.js itself would discard it), sent on the reconnect and answered.
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

async function reconnected(nc: NatsConnection): Promise<void> {
  for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    if (await nc.flush().then(() => true, () => false)) return;
  }
  throw new Error('the client did not reconnect within 15 s');
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
    await reconnected(caller);
    await reconnected(responder);
    const volume = await natsRequest<ferry.cache.v1.Volume>(caller, SUBJECT, ferry.cache.v1.DescribeVolumeRequest.create({ iqn: 'iqn.test:first' }), { timeoutMs: 5000 });
    expect(volume.iqn).toBe('iqn.test:first');
    expect(volume.chapUser).toBe('answered');
  });

  it('sends a request made while the connection is down once it is back, and it is answered (nats.js alone would discard it)', async () => {
    // One connection both asks and answers, so its subscription is back on the server before the request
    // (the client sends its subscriptions first on a reconnect); on two connections the request could meet
    // "no responders" and fail as UnavailableError, which a Ferry step runs again.
    const nc = await connect({ servers: `127.0.0.1:${port}`, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    try {
      nc.subscribe(`${SUBJECT}.later`, {
        callback: (_error, msg) => {
          const { iqn } = unwrap(msg.data).message as ferry.cache.v1.DescribeVolumeRequest;
          msg.respond(wrap(ferry.cache.v1.Volume.create({ iqn, chapUser: 'after the reconnect' })));
        },
      });
      await nc.flush();
      const statuses = nc.status()[Symbol.asyncIterator]();
      server.kill('SIGKILL');
      await once(server, 'exit');
      for (let status = await statuses.next(); !status.done && status.value.type !== 'disconnect'; status = await statuses.next());
      const timeoutMs = 20_000;
      const pending = natsRequest<ferry.cache.v1.Volume>(nc, `${SUBJECT}.later`, ferry.cache.v1.DescribeVolumeRequest.create({ iqn: 'iqn.test:later' }), { timeoutMs });
      const settled = pending.then((v): ferry.cache.v1.Volume | Error => v, (error: unknown) => error as Error);
      // Down through several of the client's dials (each discards what was published meanwhile).
      await new Promise((r) => setTimeout(r, 1500));
      const restartedAt = Date.now();
      server = await startServer(port);
      const volume = await settled;
      if (volume instanceof Error) throw volume;
      expect(volume.chapUser).toBe('after the reconnect');
      expect(Date.now() - restartedAt).toBeLessThan(timeoutMs / 2);
    } finally {
      await nc.close();
    }
  });
});
