import type { ChannelCredentials, Client, ClientDuplexStream, ClientReadableStream } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, toNumber, type DiskExtent, type TlsMaterial } from '@ferry/block-pipeline';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { ferry } from '@ferry/proto';
import { leanShipCall } from './lean-ship-client';

type StreamMethod = (request: ferry.dataplane.v1.IReadChunksRequest) => ClientReadableStream<unknown>;

/** How long a source may take to describe a disk. */
const DESCRIBE_DEADLINE_MS = 10 * 60_000;
/** Decoded source chunks prem-manager holds before sealing takes them. */
const SOURCE_READ_AHEAD_MESSAGES = 2;

/** Coalesces sorted chunk indexes into the fewest [first, last] ranges. */
export function toRanges(indexes: readonly number[]): ferry.dataplane.v1.IIndexRange[] {
  const ranges: ferry.dataplane.v1.IIndexRange[] = [];
  for (const index of indexes) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.last === index - 1) last.last = index;
    else ranges.push({ first: index, last: index });
  }
  return ranges;
}

/** The sealed read of a ShipChunks call. */
export interface ShipReadRequest {
  locator: string;
  chunkSize: number;
  indexes: readonly number[];
  seal: ferry.dataplane.v1.ISealSpec;
  spans?: readonly ferry.dataplane.v1.IChunkSpan[];
}

/** The ReadChunksRequest of a ShipChunks call's read. */
export function shipRead(read: ShipReadRequest): ferry.dataplane.v1.IReadChunksRequest {
  const spans = read.spans === undefined || read.spans.length === 0 ? {} : { spans: [...read.spans] };
  return { disk: { locator: read.locator }, chunkSize: read.chunkSize, ranges: toRanges(read.indexes), seal: read.seal, ...spans };
}

/** prem-manager's view of a prem-esxi-manager block source. */
export class SourceClient {
  private readonly client: Client;
  /** Reads on the demand lane are marked so the source seals them ahead of bulk chunks. */
  private readonly demand: boolean;
  private readonly leanShip: { tls: TlsMaterial; log?: (line: string) => void } | undefined;

  /**
   * `lane`: a named lane gets a connection of its own (demand reads never share the bulk copies' windows).
   * `leanShip`: ShipChunks goes as a lean stream with this identity (LEAN_STREAMS=on); `log` hears once of a
   * source that refuses it.
   */
  constructor(private readonly endpoint: string, credentials: ChannelCredentials, options: { lane?: string; leanShip?: { tls: TlsMaterial; log?: (line: string) => void } } = {}) {
    this.leanShip = options.leanShip;
    const own = options.lane === undefined ? {} : { 'grpc.use_local_subchannel_pool': 1, 'grpc.ferry_lane': options.lane };
    this.demand = options.lane === 'demand';
    this.client = grpcClient('ferry.dataplane.v1.BlockSource', endpoint, { credentials, channel: { ...DATA_PLANE_CHANNEL_OPTIONS, ...own } });
  }

  async describe(locator: string): Promise<{ virtualSize: number; extents: DiskExtent[] }> {
    // Not the 30 s default: describing a disk can take longer (a 2 GiB cloud disk took 33-35 s on a loaded
    // 2-core machine in the warm e2e test, and migrate back's first session failed at 30 s).
    const reply = await unaryCall<ferry.dataplane.v1.IDescribeRequest, ferry.dataplane.v1.DiskDescription>(this.client, 'Describe', { disk: { locator } }, { deadline: Date.now() + DESCRIBE_DEADLINE_MS });
    return {
      virtualSize: toNumber(reply.virtualSize),
      extents: reply.extents.map((e) => ({ offset: toNumber(e.offset), length: toNumber(e.length), allocated: e.allocated === true, zero: e.zero === true })),
    };
  }

  private stream(method: string, locator: string, chunkSize: number, indexes: readonly number[], seal?: ferry.dataplane.v1.ISealSpec, spans?: readonly ferry.dataplane.v1.IChunkSpan[]): ClientReadableStream<unknown> {
    const fn = (this.client as unknown as Record<string, StreamMethod>)[method]!;
    return fn.call(this.client, { disk: { locator }, chunkSize, ranges: toRanges(indexes), seal, demand: this.demand, ...(spans === undefined || spans.length === 0 ? {} : { spans: [...spans] }) });
  }

  /**
   * The chunks, in the order of `indexes`; gRPC flow control bounds how far the source reads ahead.
   * `seal`: the source hashes, compresses and encrypts them as frames of this session (the n-th chunk
   * under counter seal.firstCounter + n), so this hop carries sealed frames (SourceChunk.sealed) that
   * are forwarded as they are; without it, plain data. `spans`: chunks sealed as their changed span only.
   */
  readChunks(locator: string, chunkSize: number, indexes: readonly number[], seal?: ferry.dataplane.v1.ISealSpec, spans?: readonly ferry.dataplane.v1.IChunkSpan[]): AsyncIterable<ferry.dataplane.v1.SourceChunk> & { cancel(): void } {
    const call = this.stream('ReadChunks', locator, chunkSize, indexes, seal, spans);
    // grpc-js buffers 16 decoded messages (16 MiB of chunks) by default; now that the source reads
    // faster than we seal, that buffer stays full and pushed peak RSS past 256 MiB. Two suffice: the
    // HTTP/2 window (4 MiB) already keeps the source busy. (Node streams have no public setter.)
    const state = (call as unknown as { _readableState?: { highWaterMark: number } })._readableState;
    if (state !== undefined) state.highWaterMark = SOURCE_READ_AHEAD_MESSAGES;
    // The call already has cancel(); assigning a wrapper that calls call.cancel() onto the call itself
    // recursed forever and turned every source error into "Maximum call stack size exceeded".
    return call as unknown as AsyncIterable<ferry.dataplane.v1.SourceChunk> & { cancel(): void };
  }

  /**
   * A ShipChunks call: the source seals the chunks as readChunks would, and writes each frame itself to one
   * of `stripes` TransferStripe streams it opens to `receiverEndpoint`, once granted (ShipControl.grant).
   * Without `read` the source only dials and answers ShipReady: SourceShipping.open names the read later.
   */
  shipChunks(start: { read?: ShipReadRequest; receiverEndpoint: string; stripes: number; grpcStripes?: boolean }): ClientDuplexStream<ferry.dataplane.v1.IShipControl, ferry.dataplane.v1.ShipReply> {
    const grpcCall = (): ClientDuplexStream<ferry.dataplane.v1.IShipControl, ferry.dataplane.v1.ShipReply> => (this.client as unknown as { ShipChunks(): ClientDuplexStream<ferry.dataplane.v1.IShipControl, ferry.dataplane.v1.ShipReply> }).ShipChunks();
    const call = this.leanShip === undefined ? grpcCall() : leanShipCall(this.endpoint, this.leanShip.tls, grpcCall, this.leanShip.log);
    call.on('error', () => undefined); // SourceShipping reads failures through its replies; a call dialled ahead and cancelled unread has none
    call.write({ start: { ...(start.read === undefined ? {} : { read: shipRead(start.read) }), receiverEndpoint: start.receiverEndpoint, stripes: start.stripes, grpcStripes: start.grpcStripes === true } });
    return call;
  }

  /** SHA-256 of each chunk, computed next to the source disk. */
  /** `signal`: aborting it cancels the source's hashing (a cancelled transfer must not keep the source busy). */
  async hashChunks(locator: string, chunkSize: number, indexes: readonly number[], into: Buffer[], signal?: AbortSignal): Promise<void> {
    if (indexes.length === 0) return;
    const call = this.stream('HashChunks', locator, chunkSize, indexes);
    const stop = (): void => call.cancel();
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted === true) call.cancel();
    try {
      for await (const hash of call as unknown as AsyncIterable<ferry.dataplane.v1.ChunkHash>) {
        into[hash.index] = Buffer.from(hash.sha256);
      }
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  close(): void {
    this.client.close();
  }
}
