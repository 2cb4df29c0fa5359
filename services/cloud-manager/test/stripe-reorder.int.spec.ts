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
/** The receiver's credits (CREDIT_WINDOW). */
const CREDITS = 8;

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
    receiver = await startReceiver({ host: '127.0.0.1', port: await freePort(), caDir, targetRoot: dir, stateDir: join(dir, 'state'), window: CREDITS, commitBatch: 1, stripesPerSession: 2, log: () => undefined });
    siteKey = await ensureSiteKey(caDir);
    client = grpcClient<Receiver>('ferry.dataplane.v1.ChunkReceiver', `127.0.0.1:${receiver.port}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'stripe-order-test')) });
  });
  afterAll(async () => {
    client?.close();
    await receiver?.close();
    await cleanup?.();
  });

  /**
   * Opens a session of `count` chunks with two stripes; stripe 2 carries every frame but counter 0 first, and
   * they must all be acknowledged; then the final frame, which must wait; then counter 0 on stripe 1.
   */
  async function stallCounterZero(diskId: string, count: number): Promise<void> {
    const dataKey = newDataKey();
    const size = count * CHUNK;
    const target = join(dir, `${diskId}.raw`);
    const session = new SenderSession(dataKey, { migrationId: 'mig-order', diskId, generation: 1 });
    const chunks = Array.from({ length: count }, (_, index) => Buffer.alloc(CHUNK, `chunk ${index} `));
    const transfer = client.Transfer();
    const replies: ferry.dataplane.v1.ReceiverMessage[] = [];
    transfer.on('data', (message: ferry.dataplane.v1.ReceiverMessage) => replies.push(message));
    const failed = new Promise<ServiceError>((resolve) => transfer.on('error', resolve));
    transfer.write({ open: { ...session.params, wrappedDataKey: wrapDataKey(siteKey, dataKey, 'mig-order'), virtualSize: size, chunkSize: CHUNK, targetPath: target, targetFormat: 'raw', mode: pb.TransferMode.TRANSFER_MODE_FULL } });
    await until(() => replies.some((r) => r.accepted), 'SessionAccepted');
    expect(replies.find((r) => r.accepted)?.accepted).toMatchObject({ stripes: 2, credits: CREDITS });

    const stripes = [1, 2].map((stripe) => {
      const call = client.TransferStripe(() => undefined);
      call.write({ stripe: { sessionId: session.params.sessionId, stripe, ticket: stripeTicket(session.key, session.params.sessionId, stripe) } });
      return call;
    });
    const frames = chunks.map((data, index) => session.seal({ index, offset: index * CHUNK, length: CHUNK, data }));
    // Counter 0 is "lost" on stripe 1 for now; stripe 2 carries every later counter.
    for (const frame of frames.slice(1)) stripes[1]!.write({ chunk: frame });
    const acknowledged = (): number[] => replies.flatMap((r) => r.ack?.indexes ?? []).sort((a, b) => a - b);
    const later = Array.from({ length: count - 1 }, (_, i) => i + 1);
    await until(() => acknowledged().length === count - 1 || replies.some((r) => r.completed), `the acknowledgements of chunks 1 to ${count - 1}`);
    expect(acknowledged()).toEqual(later);

    // The final frame waits for counter 0.
    transfer.write({ final: session.sealFinal(diskDigest(size, CHUNK, chunks.map((data) => sha256(data)))) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replies.some((r) => r.completed)).toBe(false);
    expect(acknowledged()).toEqual(later);

    stripes[0]!.write({ chunk: frames[0] });
    for (const stripe of stripes) stripe.end();
    const outcome = await Promise.race([until(() => replies.some((r) => r.completed), 'completion').then(() => 'completed'), failed.then((e) => `failed: ${e.details}`)]);
    transfer.end();
    expect(outcome).toBe('completed');
    expect(acknowledged()).toEqual([0, ...later]);
    // Buffer.equals: jest's toEqual walks a 7.5 MiB buffer byte by byte for over a minute.
    expect((await readFile(target)).equals(Buffer.concat(chunks))).toBe(true);
  }

  it('acknowledges the frames ahead of a missing one, holds the final frame until it comes, then completes with the target whole', async () => {
    await stallCounterZero('disk-r', 4);
  });

  it('keeps taking frames far more counters ahead than its credits while one frame is missing (a stripe stalled several retransmission timeouts)', async () => {
    // 119 frames ahead: beyond twice the receiver's 8 credits, and beyond 64, the bounds of the first version.
    await stallCounterZero('disk-far', 120);
  });
});
