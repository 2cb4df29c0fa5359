import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { connect } from 'nats';
import { canListen, freePort, startPlainNats as startNats } from '../src';

jest.setTimeout(60_000);

describe('startNats (Debian nats-server)', () => {
  it('runs JetStream on a loopback port, survives restart with its data, and removes its temp dir on stop', async () => {
    const nats = await startNats();
    try {
      expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
      const nc = await connect({ servers: nats.url });
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'HARNESS', subjects: ['harness.>'] });
      await nc.jetstream().publish('harness.x', Buffer.from('kept'));
      await nc.close();

      await nats.kill9();
      // Killed, its ports stay this process's: no other suite's freePort can take them before the restart.
      expect([await canListen(nats.port), await canListen(nats.monitorPort)]).toEqual([false, false]);
      await nats.restart();
      const again = await connect({ servers: nats.url });
      const message = await (await again.jetstreamManager()).streams.getMessage('HARNESS', { seq: 1 });
      expect(Buffer.from(message.data).toString()).toBe('kept');
      await again.close();
    } finally {
      await nats.stop();
    }
    await expect(access(nats.dataDir)).rejects.toThrow();
  });

  it('keeps a data dir it was given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-harness-'));
    try {
      const nats = await startNats({ dataDir: dir });
      await nats.stop();
      await expect(access(dir)).resolves.toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts again on new ports when a port it picked was taken before nats-server could bind it', async () => {
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    let handedOut = 0;
    const nats = await startNats({ pickPort: async () => (handedOut++ === 0 ? taken : freePort()) });
    try {
      expect(nats.port).not.toBe(taken);
      expect(nats.log()).toContain('address already in use');
      const nc = await connect({ servers: nats.url });
      await nc.close();
    } finally {
      await nats.stop();
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
