/**
 * The summary pusher against a real HTTP listener that is first absent, then refusing, then
 * accepting: one log line per outage (not one per interval), one when it recovers, and the batch
 * that finally arrives decodes as ferry.cache.v1.IoSummaryBatch.
 */
import { createServer, type Server } from 'node:http';
import { ferry } from '@ferry/proto';
import { freePort } from '@ferry/testing';
import { IoStats } from '../src/analyzer/io-stats';
import { startSummaryPusher } from '../src/analyzer/summary-pusher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('summary pusher', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('logs an outage once, retries every interval, and logs the recovery', async () => {
    const port = await freePort();
    const stats = new IoStats();
    stats.recordRead(4096, false);
    stats.recordFetch(3, 1 << 20);
    const shape = { presentChunks: 1, totalChunks: 4, chunkSize: 1 << 20, writtenChunks: 0, fetchedOnDemandBytes: 0 };
    const logs: string[] = [];
    const pusher = startSummaryPusher(`http://127.0.0.1:${port}/io-summaries`, 50, () => [stats.summary('iqn.2024-01.io.ferry:t/0', shape)], (m) => logs.push(m));

    await sleep(300); // nobody listens: connection refused, several intervals
    let status = 400;
    const received: ferry.cache.v1.IoSummaryBatch[] = [];
    server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        if (status === 204) received.push(ferry.cache.v1.IoSummaryBatch.decode(Buffer.concat(parts)));
        res.writeHead(status).end(status === 400 ? 'volumes[0].hit_ratio: bad' : undefined);
      });
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
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
});
