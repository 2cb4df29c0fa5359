import type { ServerDuplexStream } from '@grpc/grpc-js';
import { UnavailableError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';

type Lane = ServerDuplexStream<ferry.dataplane.v1.DemandAnswer, ferry.dataplane.v1.IDemandRequest>;

/** A demand request as the asker fills it in (the lane picks the request id). */
export type DemandAsk = Omit<ferry.dataplane.v1.IDemandRequest, 'requestId'>;

/** An error answer from the far side of a lane, with the gRPC code it gave. */
export class DemandAnswerError extends UnavailableError {
  constructor(
    readonly grpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  onChunk(chunk: ferry.dataplane.v1.DemandChunk): void;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The listener's end of one demand lane (a DemandLane.Serve stream a peer dialled): sends requests
 * down it and routes the answers back to each request's caller. Every request ends with DemandDone
 * or DemandError; a lane that closes fails whatever is still pending, so no read waits for ever.
 */
export class DemandAsker {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private closedReason: Error | undefined;
  peer = 'unknown peer';
  /** Resolves when the lane has closed (for whatever reason). */
  readonly closed: Promise<void>;

  constructor(private readonly lane: Lane) {
    let markClosed = (): void => undefined;
    this.closed = new Promise<void>((resolve) => (markClosed = resolve));
    lane.on('data', (answer: ferry.dataplane.v1.DemandAnswer) => this.route(answer));
    const close = (why: string): void => {
      if (this.closedReason !== undefined) return;
      this.closedReason = new UnavailableError(`demand lane to ${this.peer} closed (${why}); the read is retried on another lane or when the peer dials again`);
      for (const p of this.pending.values()) p.reject(this.closedReason);
      this.pending.clear();
      markClosed();
    };
    lane.on('end', () => {
      close('peer ended it');
      lane.end();
    });
    lane.on('error', (e: Error) => close(e.message));
    lane.on('cancelled', () => close('cancelled'));
    lane.on('close', () => close('stream closed'));
  }

  get isOpen(): boolean {
    return this.closedReason === undefined;
  }

  /** Requests still waiting for their last answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one request; `onChunk` sees each chunk answer; resolves on DemandDone, rejects on DemandError,
   * a closed lane, or no answer within `timeoutMs` (late answers are then dropped).
   */
  ask(request: DemandAsk, onChunk: (chunk: ferry.dataplane.v1.DemandChunk) => void, timeoutMs = 30_000): Promise<void> {
    if (this.closedReason !== undefined) return Promise.reject(this.closedReason);
    const requestId = this.nextId++;
    const id = String(requestId);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new UnavailableError(`demand read of chunks [${(request.indexes ?? []).join(',')}] got no answer from ${this.peer} within ${timeoutMs} ms; it is retried`));
      }, timeoutMs);
      const settle = <T>(fn: (value: T) => void) => (value: T): void => {
        clearTimeout(timer);
        fn(value);
      };
      this.pending.set(id, { onChunk, resolve: settle(resolve), reject: settle(reject) });
      this.lane.write({ ...request, requestId });
    });
  }

  /** Ends the lane from this side. */
  end(): void {
    this.lane.end();
  }

  private route(answer: ferry.dataplane.v1.DemandAnswer): void {
    if (answer.hello) {
      this.peer = answer.hello.peer || this.peer;
      return;
    }
    const id = String(answer.chunk?.requestId ?? answer.error?.requestId ?? answer.done?.requestId ?? '');
    const pending = this.pending.get(id);
    if (pending === undefined) return; // an answer to a request already failed or unknown: dropped
    if (answer.chunk) pending.onChunk(answer.chunk as ferry.dataplane.v1.DemandChunk);
    else if (answer.error) {
      this.pending.delete(id);
      pending.reject(new DemandAnswerError(answer.error.code ?? 14, `${this.peer}: ${answer.error.message ?? 'demand read failed'}`));
    } else if (answer.done) {
      this.pending.delete(id);
      pending.resolve();
    }
  }
}
