// startNats as a site runs nats-server: TLS from the site CA and one nkey identity per service with
// only its own subjects. Checked against Debian's nats-server with the generated config.
import { readFile } from 'node:fs/promises';
import { connect, type NatsConnection } from 'nats';
import { NATS_IDENTITIES } from '@ferry/service-kit';
import { startNats, startService, type NatsHandle } from '../src';

jest.setTimeout(60_000);

/** Waits for the server's permissions-violation report on `nc` after `act`. */
async function violation(nc: NatsConnection, act: () => Promise<unknown>): Promise<string> {
  const seen = (async () => {
    for await (const status of nc.status()) if (status.type === 'error') return String(status.data);
    return 'closed';
  })();
  await act().catch(() => undefined);
  return Promise.race([seen, new Promise<string>((resolve) => setTimeout(() => resolve('no violation reported'), 2000))]);
}

describe('startNats (TLS, one nkey identity per service)', () => {
  let nats: NatsHandle;
  beforeAll(async () => {
    nats = await startNats();
    const appliance = await nats.connect('appliance');
    await (await appliance.jetstreamManager()).streams.add({ name: 'FERRY_EVENTS', subjects: ['ferry.evt.>'], deny_delete: true, deny_purge: true });
    await appliance.jetstream().publish('ferry.evt.migration.m1', Buffer.from('MigrationPlanned'));
    await appliance.close();
  });
  afterAll(async () => nats?.stop());

  it('refuses a client without credentials: without the CA at the TLS handshake, with it at authorization', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/certificate/);
    const ca = await readFile(nats.security!.caFile, 'utf8');
    await expect(connect({ servers: nats.url, tls: { ca }, reconnect: false })).rejects.toThrow(/Authorization Violation/);
  });

  it('lets prem-manager neither append a migration event nor read the store', async () => {
    const prem = await nats.connect('prem-manager');
    try {
      expect(await violation(prem, async () => prem.publish('ferry.evt.migration.m1', Buffer.from('forged')))).toMatch(/PERMISSIONS_VIOLATION|Permissions Violation/);
      await expect((await nats.connect('auditor')).jetstreamManager().then((jsm) => jsm.streams.info('FERRY_EVENTS'))).resolves.toMatchObject({ state: { messages: 1 } });
    } finally {
      await prem.close();
    }
  });

  it.each(NATS_IDENTITIES)('refuses %s purging FERRY_EVENTS, deleting a message, updating or deleting the stream', async (identity) => {
    const nc = await nats.connect(identity);
    try {
      const refused = (subject: string): Promise<string> => nc.request(subject, Buffer.from('{}'), { timeout: 2000 }).then(() => 'answered', (error: Error) => error.message);
      for (const api of ['STREAM.PURGE', 'STREAM.MSG.DELETE', 'STREAM.UPDATE', 'STREAM.DELETE']) {
        expect([api, await refused(`$JS.API.${api}.FERRY_EVENTS`)]).toEqual([api, expect.stringContaining(`Permissions Violation for Publish to "$JS.API.${api}.FERRY_EVENTS"`)]);
      }
    } finally {
      await nc.close();
    }
    const auditor = await nats.connect('auditor');
    expect((await (await auditor.jetstreamManager()).streams.info('FERRY_EVENTS')).state.messages).toBe(1);
    await auditor.close();
  });

  it('stops a service configured without its NATS credential at start, naming the variables', async () => {
    // NATS_URL of no harness server: startService gives no identity, as a production config that forgot it.
    await expect(startService('prem-manager', { NATS_URL: 'nats://127.0.0.1:1' }, { readyTimeoutMs: 10_000 })).rejects.toThrow(
      /exited with code 2[\s\S]*NATS needs NATS_CREDENTIALS_FILE \(this service's nkey seed file\) and NATS_CA_FILE/,
    );
  });

  it('keeps its config, TLS and identities across a restart on the same store', async () => {
    await nats.kill9();
    await nats.restart();
    const auditor = await nats.connect('auditor');
    const message = await (await auditor.jetstreamManager()).streams.getMessage('FERRY_EVENTS', { seq: 1 });
    expect(Buffer.from(message.data).toString()).toBe('MigrationPlanned');
    await auditor.close();
  });
});
