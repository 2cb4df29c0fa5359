import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type ServerDuplexStream } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient, mutualTlsServer, type TlsMaterial } from '@ferry/block-pipeline';
import type { ferry } from '@ferry/proto';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { freePort } from '@ferry/testing';
import { SourceClient } from './source-client';

type Reply = ferry.dataplane.v1.ShipReply;

/** Every reply of `call` until it ends, and the error it ended with, if any. */
async function repliesOf(call: AsyncIterable<Reply>): Promise<{ replies: Reply[]; error?: { code?: number; details?: string } }> {
  const replies: Reply[] = [];
  try {
    for await (const reply of call) replies.push(reply);
    return { replies };
  } catch (error) {
    return { replies, error: error as { code?: number; details?: string } };
  }
}

/**
 * The lean ShipChunks client against a source older than lean streams: a stand-in BlockSource that serves
 * ShipChunks over gRPC only (its listener offers HTTP/2 alone), answering each start as a source that cannot
 * reach the receiver does. The lean path against the real prem-esxi-manager is in frames-from-source.int and
 * crash-resume.int, and its edges in prem-esxi-manager's ship-chunks.int.
 */
describe('lean ShipChunks from prem-manager to an older source', () => {
  let dir: string;
  let tls: TlsMaterial;
  let server: Server;
  let endpoint: string;
  const starts: ferry.dataplane.v1.IShipStart[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-lean-ship-'));
    tls = await issueLeaf(dir, 'prem-manager');
    server = new Server();
    server.addService(grpcServiceDefinition('ferry.dataplane.v1.BlockSource'), {
      ShipChunks: (call: ServerDuplexStream<ferry.dataplane.v1.ShipControl, ferry.dataplane.v1.IShipReply>) => {
        call.once('data', (first: ferry.dataplane.v1.ShipControl) => {
          starts.push(first.start ?? {});
          call.write({ ready: { stripes: 0, unreachable: 'the stand-in reaches no receiver' } });
          call.end();
        });
      },
    });
    const credentials = mutualTlsServer(await issueLeaf(dir, 'prem-esxi-manager'));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
    endpoint = `127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server?.forceShutdown();
    await rm(dir, { recursive: true, force: true });
  });

  it('goes over gRPC once the source refuses the upgrade, says so once, and loses no message written meanwhile', async () => {
    const logged: string[] = [];
    const client = new SourceClient(endpoint, mutualTlsClient(tls), { leanShip: { tls, log: (line) => logged.push(line) } });
    try {
      for (let call = 0; call < 2; call++) {
        const { replies, error } = await repliesOf(client.shipChunks({ receiverEndpoint: 'cloud-manager:6000', stripes: 2 }) as unknown as AsyncIterable<Reply>);
        expect(error).toBeUndefined();
        expect(replies.map((reply) => reply.ready?.unreachable)).toEqual(['the stand-in reaches no receiver']);
      }
      // The start written before the connection was up reached the source, both times.
      expect(starts.map((start) => start.receiverEndpoint)).toEqual(['cloud-manager:6000', 'cloud-manager:6000']);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^ShipChunks to 127\.0\.0\.1:\d+ goes over gRPC: .*speaks HTTP\/2 only \(gRPC\): it is older than ferry-ship\/1/);
    } finally {
      client.close();
    }
  });

  it('fails UNAVAILABLE, naming the source, when nothing listens there', async () => {
    const gone = `127.0.0.1:${await freePort()}`;
    const client = new SourceClient(gone, mutualTlsClient(tls), { leanShip: { tls } });
    try {
      const { error } = await repliesOf(client.shipChunks({ receiverEndpoint: 'cloud-manager:6000', stripes: 1 }) as unknown as AsyncIterable<Reply>);
      expect(error?.code).toBe(14);
      // As grpc-js words a failed call's message, which the transfer's error repeats.
      expect((error as Error).message).toMatch(/^14 UNAVAILABLE: the source at /);
      expect(error?.details).toMatch(new RegExp(`the source at ${gone} could not be reached for ShipChunks: .*ECONNREFUSED`));
    } finally {
      client.close();
    }
  });
});
