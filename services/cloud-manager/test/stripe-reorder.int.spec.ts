import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client, ClientDuplexStream, ClientWritableStream, ServiceError } from '@grpc/grpc-js';
import { diskDigest, ensureSiteKey, issueLeaf, mutualTlsClient, newDataKey, SenderSession, sha256, stripeTicket, wrapDataKey } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { freePort, makeTempDir } from '@ferry/testing';
import { startReceiver, type ReceiverHandle } from '../src/receiver/start-receiver';

// A stripe that waits for a lost segment must hold back only its own frames: the receiver verifies, writes
// and acknowledges the frames other stripes carry meanwhile, and holds back only the final frame.
jest.setTimeout(60_000);
const pb = ferry.dataplane.v1;
const CHUNK = 64 * 1024;
const SIZE = 4 * CHUNK;

type Transfer = ClientDuplexStream<ferry.dataplane.v1.ISenderMessage, ferry.dataplane.v1.ReceiverMessage>;
type Receiver = Client & { Transfer(): Transfer; TransferStripe(cb: (e: ServiceError | null) => void): ClientWritableStream<ferry.dataplane.v1.ISenderMessage> };

/** Resolves once `ready()` holds, checking every 20 ms; rejects after `ms`. */
async function until(ready: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('frames over stripes reach the receiver out of counter order', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let receiver: ReceiverHandle;
  let client: Receiver;
  let siteKey: Buffer;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-stripe-order-'));
    const caDir = join(dir, 'ca');
    receiver = await startReceiver({ host: '127.0.0.1', port: await freePort(), caDir, targetRoot: dir, stateDir: join(dir, 'state'), window: 8, commitBatch: 1, stripesPerSession: 2, log: () => undefined });
    siteKey = await ensureSiteKey(caDir);
    client = grpcClient<Receiver>('ferry.dataplane.v1.ChunkReceiver', `127.0.0.1:${receiver.port}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'stripe-order-test')) });
  });
  afterAll(async () => {
    client?.close();
    await receiver?.close();
    await cleanup?.();
  });

  it('acknowledges the frames ahead of a missing one, holds the final frame until it comes, then completes with the target whole', async () => {
    const dataKey = newDataKey();
    const target = join(dir, 'disk-r.raw');
    const session = new SenderSession(dataKey, { migrationId: 'mig-order', diskId: 'disk-r', generation: 1 });
    const chunks = [0, 1, 2, 3].map((index) => Buffer.alloc(CHUNK, `chunk ${index} `));
    const transfer = client.Transfer();
    const replies: ferry.dataplane.v1.ReceiverMessage[] = [];
    transfer.on('data', (message: ferry.dataplane.v1.ReceiverMessage) => replies.push(message));
    const failed = new Promise<ServiceError>((resolve) => transfer.on('error', resolve));
    transfer.write({ open: { ...session.params, wrappedDataKey: wrapDataKey(siteKey, dataKey, 'mig-order'), virtualSize: SIZE, chunkSize: CHUNK, targetPath: target, targetFormat: 'raw', mode: pb.TransferMode.TRANSFER_MODE_FULL } });
    await until(() => replies.some((r) => r.accepted), 'SessionAccepted');
    expect(replies.find((r) => r.accepted)?.accepted?.stripes).toBe(2);

    const stripes = [1, 2].map((stripe) => {
      const call = client.TransferStripe(() => undefined);
      call.write({ stripe: { sessionId: session.params.sessionId, stripe, ticket: stripeTicket(session.key, session.params.sessionId, stripe) } });
      return call;
    });
    const frames = chunks.map((data, index) => session.seal({ index, offset: index * CHUNK, length: CHUNK, data }));
    // Counter 0 is "lost" on stripe 1 for now; stripe 2 carries counters 1 to 3.
    for (const frame of frames.slice(1)) stripes[1]!.write({ chunk: frame });
    const acknowledged = (): number[] => replies.flatMap((r) => r.ack?.indexes ?? []);
    await until(() => acknowledged().length === 3, 'the acknowledgements of chunks 1 to 3');
    expect(acknowledged().sort()).toEqual([1, 2, 3]);

    // The final frame waits for counter 0.
    transfer.write({ final: session.sealFinal(diskDigest(SIZE, CHUNK, chunks.map((data) => sha256(data)))) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replies.some((r) => r.completed)).toBe(false);
    expect(replies.some((r) => r.ack?.indexes?.includes(0))).toBe(false);

    stripes[0]!.write({ chunk: frames[0] });
    for (const stripe of stripes) stripe.end();
    const outcome = await Promise.race([until(() => replies.some((r) => r.completed), 'completion').then(() => 'completed'), failed.then((e) => `failed: ${e.details}`)]);
    transfer.end();
    expect(outcome).toBe('completed');
    expect(acknowledged().sort()).toEqual([0, 1, 2, 3]);
    expect(await readFile(target)).toEqual(Buffer.concat(chunks));
  });
});
