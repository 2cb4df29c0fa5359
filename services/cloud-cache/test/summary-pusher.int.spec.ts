/**
 * The summary pusher against a real HTTPS listener with mutual TLS (the site CA's, as the appliance's
 * intake) that is first absent, then refusing, then accepting: one log line per outage (not one per
 * interval), one when it recovers, and the batch that finally arrives decodes as
 * ferry.cache.v1.IoSummaryBatch. A pusher whose certificate is from another CA is refused in the handshake.
 */
import { join } from 'node:path';
import { issueLeaf } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { freePort, makeTempDir } from '@ferry/testing';
import { IoStats } from '../src/analyzer/io-stats';
import { startSummaryPusher } from '../src/analyzer/summary-pusher';
import { startIntakeStandIn, type IntakeStandIn } from './support/intake-stand-in';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shape = { presentChunks: 1, totalChunks: 4, chunkSize: 1 << 20, writtenChunks: 0, fetchedOnDemandBytes: 0 };

describe('summary pusher', () => {
  let intake: IntakeStandIn | undefined;
  let temp: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    temp = await makeTempDir('ferry-summary-pusher-');
  });
  afterEach(async () => {
    await intake?.close();
    intake = undefined;
    await temp.cleanup();
  });

  it('logs an outage once, retries every interval, and logs the recovery', async () => {
    const caDir = join(temp.dir, 'site-ca');
    const port = await freePort();
    const stats = new IoStats();
    stats.recordRead(4096, false);
    stats.recordFetch(3, 1 << 20);
    const logs: string[] = [];
    const tls = await issueLeaf(caDir, 'cloud-cache');
    const pusher = startSummaryPusher({ url: `https://127.0.0.1:${port}/io-summaries`, tls }, 50, () => [stats.summary('iqn.2024-01.io.ferry:t/0', shape)], (m) => logs.push(m));

    await sleep(300); // nobody listens: connection refused, several intervals
    let status = 400;
    const received: ferry.cache.v1.IoSummaryBatch[] = [];
    intake = await startIntakeStandIn(caDir, (_req, body, res) => {
      if (status === 204) received.push(ferry.cache.v1.IoSummaryBatch.decode(body));
      res.writeHead(status).end(status === 400 ? 'volumes[0].hit_ratio: bad' : undefined);
    }, port);
    await sleep(300); // refused with 400: still the same outage
    status = 204;
    await sleep(300);
    await pusher.stop();

    expect(logs.filter((l) => l.includes('failed'))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('accepts summaries again'))).toHaveLength(1);
    expect(received.length).toBeGreaterThan(1);
    const volume = received.at(-1)?.volumes[0];
    expect(volume).toMatchObject({ volumeId: 'iqn.2024-01.io.ferry:t/0', targetIqn: 'iqn.2024-01.io.ferry:t', lun: 0, hitRatio: 0 });
    expect(Number(volume?.chunksTotal)).toBe(4);
    expect(volume?.fetchLatency?.p95Ms).toBe(3);
  });

  it('is refused by an intake of another site CA, and says so in its log', async () => {
    let pushes = 0;
    intake = await startIntakeStandIn(join(temp.dir, 'site-ca'), (_req, _body, res) => {
      pushes++;
      res.writeHead(204).end();
    });
    const stranger = await issueLeaf(join(temp.dir, 'other-ca'), 'cloud-cache');
    const logs: string[] = [];
    const pusher = startSummaryPusher({ url: intake.url, tls: stranger }, 50, () => [new IoStats().summary('iqn.2024-01.io.ferry:t/0', shape)], (m) => logs.push(m));
    await sleep(200);
    await pusher.stop();

    expect(pushes).toBe(0);
    // Each side distrusts the other's CA: the pusher fails verifying the intake's certificate first.
    expect(logs).toEqual([expect.stringMatching(/push to https:\/\/127\.0\.0\.1:\d+\/io-summaries failed \(.*(certificate|unknown ca).*\)/i)]);
  });
});
