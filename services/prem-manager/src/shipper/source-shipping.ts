import type { ClientDuplexStream } from '@grpc/grpc-js';
import { frameWireBytes, toNumber } from '@ferry/block-pipeline';
import { IntegrityError, UnavailableError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';
import { pause } from '@ferry/service-kit';
import type { BandwidthCap } from './bandwidth-cap';
import type { ReceiverLink } from './receiver-link';
import { shipRead, type ShipReadRequest } from './source-client';

type ShipCall = ClientDuplexStream<ferry.dataplane.v1.IShipControl, ferry.dataplane.v1.ShipReply>;

/** gRPC's UNIMPLEMENTED: a source that predates ShipChunks. */
const UNIMPLEMENTED = 12;

/** What the shipper counts of a frame the source wrote to a stripe. */
export interface ShippedCount {
  index: number;
  /** Plaintext bytes the frame carries. */
  length: number;
  /** Plaintext bytes read from the source for it: the same, as the source read and sealed it. */
  sourceBytes: number;
  ciphertextLength: number;
  wireBytes: number;
  zero: boolean;
  sha256: Buffer;
  /** The zstd level the source chose (data chunks that were not all zeros). */
  level?: number;
}

/** Where a shipping session's time goes, for its log line: marks as each frame passes each wait. */
export interface ShipLaps {
  /** The source offered the next frame (the wait for it was the source's sealing). */
  offered(): void;
  /** The link had a credit and room in its window for it. */
  reserved(): void;
  /** The wire-rate cap let it go. */
  capped(): void;
}

/**
 * The frames of one session that its source ships itself (FRAMES_FROM_SOURCE): the source offers each
 * frame sealed and writes it to stripes of its own once granted; this end counts it and grants it out of
 * the session's credits, window and cap. open() resolves once the source's stripes are up.
 */
export class SourceShipping {
  private readonly replies: AsyncIterator<ferry.dataplane.v1.ShipReply>;
  private perStripe: number[] = [];

  private constructor(private readonly call: ShipCall, replies: AsyncIterator<ferry.dataplane.v1.ShipReply>) {
    this.replies = replies;
  }

  /**
   * Waits for the source's first reply to `call`. `{ unavailable }` when the source cannot ship (it cannot
   * reach the receiver, or it predates ShipChunks): the session then sends the frames itself. `read`: the
   * read of a call whose start named none (its stripes dialled ahead), with the stripes the receiver took.
   */
  static async open(call: ShipCall, read?: { read: ShipReadRequest; stripes: number }): Promise<SourceShipping | { unavailable: string }> {
    call.on('error', () => undefined); // read through the iterator
    if (read !== undefined) call.write({ read: { read: shipRead(read.read), stripes: read.stripes } });
    const replies = (call as unknown as AsyncIterable<ferry.dataplane.v1.ShipReply>)[Symbol.asyncIterator]();
    let first: IteratorResult<ferry.dataplane.v1.ShipReply>;
    try {
      first = await replies.next();
    } catch (error) {
      const { code, details } = error as { code?: number; details?: string };
      if (code === UNIMPLEMENTED) return { unavailable: `the source does not ship frames itself (${details ?? 'UNIMPLEMENTED'})` };
      throw sourceFailed(error);
    }
    const ready = first.done === true ? undefined : first.value.ready;
    if (ready === undefined || ready === null) throw new IntegrityError('the source began ShipChunks without ShipReady; upgrade prem-esxi-manager');
    if ((ready.stripes ?? 0) === 0) return { unavailable: ready.unreachable || 'the source opened no stripe' };
    return new SourceShipping(call, replies);
  }

  /** Frames the receiver counted on each of the source's stripes (known once ship() returned). */
  get framesPerStripe(): number[] {
    return this.perStripe;
  }

  /**
   * Takes the frames of `indexes` (sealed under counters from `firstCounter`, in that order) as the
   * source offers them, and grants each one once the link has a credit and room in its window and the
   * wire-rate cap lets it go, counting it through `counted` first (as a relayed frame is counted before
   * its write). Returns once the source closed its stripes. Any failure of the source or of a stripe
   * rejects, and fails `link` too: the session is retried.
   */
  async ship(indexes: readonly number[], firstCounter: number, link: Pick<ReceiverLink, 'reserve' | 'shipped' | 'fail'>, cap: BandwidthCap, counted: (frame: ShippedCount) => void, signal?: AbortSignal, laps?: ShipLaps): Promise<void> {
    // A source that dies fails the session at once, even while it waits for credits that frames lost with
    // the source's stripes would never bring.
    this.call.on('error', (error) => link.fail(sourceFailed(error)));
    for (let position = 0; position < indexes.length; position++) {
      const reply = await this.next(`after ${position} of ${indexes.length} frames`);
      const frame = reply.frame as ferry.dataplane.v1.ShippedFrame | null | undefined;
      if (frame === null || frame === undefined) throw new IntegrityError(`the source sent ${reply.closed ? 'ShipClosed' : 'a reply'} where frame ${position + 1} of ${indexes.length} was expected`);
      const expected = indexes[position];
      if (frame.index !== expected) throw new IntegrityError(`source shipped chunk ${frame.index} where ${expected ?? 'none'} was expected`);
      if (toNumber(frame.counter) !== firstCounter + position) throw new IntegrityError(`source sealed chunk ${frame.index} under counter ${toNumber(frame.counter)}, ${firstCounter + position} was reserved for it`);
      laps?.offered();
      await link.reserve();
      laps?.reserved();
      const wireBytes = frameWireBytes(frame.ciphertextLength);
      const delay = cap.delayFor(wireBytes);
      if (delay > 0) {
        await pause(delay, signal);
        laps?.capped();
      }
      counted({ index: frame.index, length: frame.length, sourceBytes: frame.length, ciphertextLength: frame.ciphertextLength, wireBytes, zero: frame.zero, sha256: Buffer.from(frame.sha256), ...(frame.zero ? {} : { level: frame.compressionLevel }) });
      link.shipped(frame.index, wireBytes);
      this.call.write({ grant: { frames: 1 } });
    }
    const last = await this.next(`after its ${indexes.length} frames`);
    if (!last.closed) throw new IntegrityError(`the source offered more than the ${indexes.length} frames asked`);
    this.perStripe = (last.closed.framesPerStripe ?? []).map(toNumber);
  }

  /** The source's next reply; a source that ends the call early or fails it fails the session. */
  private async next(where: string): Promise<ferry.dataplane.v1.ShipReply> {
    let next: IteratorResult<ferry.dataplane.v1.ShipReply>;
    try {
      next = await this.replies.next();
    } catch (error) {
      throw sourceFailed(error);
    }
    if (next.done === true) throw new UnavailableError(`the source ended ShipChunks ${where} without closing its stripes; the session is retried`);
    return next.value;
  }

  cancel(): void {
    this.call.cancel();
  }
}

/**
 * A ShipChunks call that failed, as the session reports it: the source's own gRPC error as it is (its code
 * and message, as a failed ReadChunks reports them: DATA_LOSS for a corrupt source disk), anything else as
 * UNAVAILABLE (retried).
 */
function sourceFailed(error: unknown): Error {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'number') return error;
  return new UnavailableError(`the source's ShipChunks failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
