import { makeGenericClientConstructor, type ChannelCredentials, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { grpcStatusOf } from '@ferry/errors';
import type { ferry } from '@ferry/proto';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { DATA_PLANE_CHANNEL_OPTIONS } from '@ferry/block-pipeline';
import { PriorityGate } from './priority-gate';

type Lane = ClientDuplexStream<ferry.dataplane.v1.IDemandAnswer, ferry.dataplane.v1.DemandRequest>;

/** Answers one request: `send` each chunk; resolve when all are sent (the dialer then sends DemandDone). */
export type DemandAnswerer = (request: ferry.dataplane.v1.DemandRequest, send: (chunk: ferry.dataplane.v1.IDemandChunk) => Promise<void>) => Promise<void>;

/** Options of {@link LaneDialer}. */
export interface LaneDialerOptions {
  /** host:port of the listener's DemandLane service. */
  endpoint: string;
  credentials: ChannelCredentials;
  /** Our name in the hello (for the listener's logs). */
  peer: string;
  answer: DemandAnswerer;
  /** Requests answered at once (read-ahead counts against it but never delays a guest read). Default 4. */
  concurrency?: number;
  log?: (line: string) => void;
}

const BACKOFF_MS = [250, 500, 1000, 2000, 5000];

/**
 * The dialer's end of a demand lane: keeps one DemandLane.Serve stream open to the listener (dialling
 * again with back-off whenever it breaks, so a restarted peer is served again without anyone's help)
 * and answers the requests that come down it, guest reads ahead of read-ahead.
 */
export class LaneDialer {
  private readonly client: Client;
  private readonly gate: PriorityGate;
  private lane: Lane | undefined;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: (line: string) => void;

  constructor(private readonly options: LaneDialerOptions) {
    const Ctor = makeGenericClientConstructor(grpcServiceDefinition('ferry.dataplane.v1.DemandLane'), 'ferry.dataplane.v1.DemandLane');
    // Its own connection (no shared subchannel), so demand frames never queue behind a bulk stream's window.
    this.client = new Ctor(options.endpoint, options.credentials, { ...DATA_PLANE_CHANNEL_OPTIONS, 'grpc.use_local_subchannel_pool': 1, 'grpc.ferry_lane': 'demand' });
    this.gate = new PriorityGate(options.concurrency ?? 4);
    this.log = options.log ?? (() => undefined);
  }

  /** Dials now (and again after every break) until close(). */
  start(): this {
    this.dial();
    return this;
  }

  get connected(): boolean {
    return this.lane !== undefined;
  }

  private dial(): void {
    if (this.stopped) return;
    const lane = (this.client as unknown as { Serve(): Lane }).Serve();
    this.lane = lane;
    let broken = false;
    const redial = (why: string): void => {
      if (broken) return;
      broken = true;
      if (this.lane === lane) this.lane = undefined;
      if (this.stopped) return;
      const delay = BACKOFF_MS[Math.min(this.failures++, BACKOFF_MS.length - 1)]!;
      this.log(`demand lane to ${this.options.endpoint} broke (${why}); dialling again in ${delay} ms`);
      this.timer = setTimeout(() => this.dial(), delay);
    };
    lane.on('data', (request: ferry.dataplane.v1.DemandRequest) => {
      this.failures = 0;
      void this.gate.run(() => this.serve(lane, request), request.readAhead === true);
    });
    lane.on('error', (e: Error) => redial(e.message));
    lane.on('end', () => redial('the listener ended it'));
    lane.write({ hello: { peer: this.options.peer } });
  }

  private async serve(lane: Lane, request: ferry.dataplane.v1.DemandRequest): Promise<void> {
    const requestId = request.requestId;
    const write = (answer: ferry.dataplane.v1.IDemandAnswer): Promise<void> =>
      new Promise<void>((resolve) => {
        if (!lane.write(answer)) lane.once('drain', resolve);
        else resolve();
      });
    try {
      await this.options.answer(request, (chunk) => write({ chunk: { ...chunk, requestId } }));
      await write({ done: { requestId } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log(`demand read of chunks [${request.indexes.slice(0, 8).join(',')}] of ${request.migrationId}/${request.diskId} failed: ${message}`);
      await write({ error: { requestId, code: grpcStatusOf(error), message } }).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.lane?.end();
    this.lane?.cancel();
    this.client.close();
  }
}
