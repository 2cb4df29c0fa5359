/**
 * The service reads its iSCSI connection settings: with ISCSI_LOGIN_TIMEOUT_MS=500 a connection that
 * never logs in is closed after half a second, and with ISCSI_MAX_CONNECTIONS_PER_ADDRESS=2 a third
 * connection from one address is refused at once.
 */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { makeTempDir, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';

describe('cloud-cache reads its iSCSI connection settings', () => {
  let nats: NatsHandle;
  let cache: ServiceHandle;
  let cleanup: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const tmp = await makeTempDir('ferry-iscsi-settings-');
    cleanup = tmp.cleanup;
    nats = await startNats();
    cache = await startService('cloud-cache', {
      NATS_URL: nats.url, CACHE_DIR: join(tmp.dir, 'cache'), CA_DIR: join(tmp.dir, 'site-ca'), ISCSI_HOST: '127.0.0.1', FROM_CLOUD_MANAGER_HOST: '127.0.0.1',
      ISCSI_LOGIN_TIMEOUT_MS: '500', ISCSI_MAX_CONNECTIONS_PER_ADDRESS: '2',
    });
  }, 60_000);

  afterAll(async () => {
    await cache?.stop();
    await nats?.stop();
    await cleanup();
  });

  /** Opens a connection and resolves with how long it stayed open (ms), capped at `limitMs`. */
  const lifetime = (limitMs: number, held: Socket[] = []): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = connect(cache.ports.ISCSI_PORT!, '127.0.0.1');
      held.push(socket);
      const timer = setTimeout(() => resolve(limitMs), limitMs);
      socket.once('error', reject);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });

  it('closes a connection that does not log in within ISCSI_LOGIN_TIMEOUT_MS', async () => {
    const open = await lifetime(5_000);
    expect(open).toBeGreaterThanOrEqual(400);
    expect(open).toBeLessThan(3_000);
  });

  it('refuses a connection over ISCSI_MAX_CONNECTIONS_PER_ADDRESS', async () => {
    const held: Socket[] = [];
    try {
      const first = lifetime(5_000, held);
      const second = lifetime(5_000, held);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Both slots are taken: the third is closed at once, long before the login timeout.
      expect(await lifetime(5_000, held)).toBeLessThan(300);
      await Promise.all([first, second]);
    } finally {
      for (const s of held) s.destroy();
    }
  });
});
