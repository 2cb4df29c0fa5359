// Migrate back over the cache, through the cloud site's front door: prem-manager reads the chunks a
// guest wrote in the cloud from cloud-manager (BLOCK_READ_PORT, which seals them for the interconnect),
// and cloud-manager reads them from cloud-cache's block source inside the cloud site (mutual TLS,
// unsealed). So prem dials one cloud port for every migrate back, as design §3 has cloud-manager front
// the interconnect. cloud-cache refuses a chunk it does not hold; that refusal reaches prem-manager.
import type { ChannelCredentials, ClientReadableStream } from '@grpc/grpc-js';
import type { BlockSource, DiskExtent } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';

type Client = ReturnType<typeof grpcClient>;

class RelayedCacheLun implements BlockSource {
  constructor(
    private readonly client: Client,
    private readonly locator: string,
    readonly virtualSize: number,
  ) {}

  // The whole LUN as one allocated extent: which chunks matter is the caller's changed list.
  async *extents(): AsyncIterable<DiskExtent> {
    yield { offset: 0, length: this.virtualSize, allocated: true };
  }

  /** One chunk-aligned read (the block source server reads chunk by chunk) as one unsealed ReadChunks call. */
  async read(offset: number, length: number): Promise<Buffer> {
    if (length <= 0 || offset % length !== 0) throw new ValidationError('read', `relayed cache reads are whole chunks: ${offset}+${length} is not chunk-aligned`);
    const index = offset / length;
    const open = (this.client as unknown as Record<string, (request: ferry.dataplane.v1.IReadChunksRequest) => ClientReadableStream<ferry.dataplane.v1.SourceChunk>>)['ReadChunks']!;
    const call = open.call(this.client, { disk: { locator: this.locator }, chunkSize: length, ranges: [{ first: index, last: index }] });
    const parts: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      call.on('data', (chunk: ferry.dataplane.v1.SourceChunk) => parts.push(chunk.zero ? Buffer.alloc(chunk.length) : Buffer.from(chunk.data)));
      call.on('error', reject);
      call.on('end', () => resolve());
    });
    const data = Buffer.concat(parts);
    // The LUN's last chunk may be short.
    return data.length === length ? data : Buffer.concat([data, Buffer.alloc(Math.max(0, Math.min(length, this.virtualSize - offset) - data.length))]);
  }

  async close(): Promise<void> {
    // The client is shared by every relayed LUN; the opener owns it.
  }
}

/** Opens "cache:<iqn>/<lun>" through cloud-cache's block source at `endpoint`. */
export function cacheRelayOpener(endpoint: string, credentials: ChannelCredentials): { open: (locator: string) => Promise<BlockSource>; close: () => void } {
  const client = grpcClient('ferry.dataplane.v1.BlockSource', endpoint, { credentials });
  return {
    async open(locator) {
      const described = await unaryCall<ferry.dataplane.v1.IDescribeRequest, ferry.dataplane.v1.DiskDescription>(client, 'Describe', { disk: { locator } });
      return new RelayedCacheLun(client, locator, Number(described.virtualSize));
    },
    close: () => client.close(),
  };
}
