import type { ChannelCredentials, ServerDuplexStream } from '@grpc/grpc-js';
import type { EncodedSourceChunk, SourceChunkFields, TlsMaterial } from '@ferry/block-pipeline';
import { grpcStatusOf, UnavailableError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { SessionStripes, stripeLines, type StripeLine } from '@ferry/stripe-sender';
import type { SendChunk } from './chunk-streamer';

const pb = ferry.dataplane.v1;
type ShipCall = ServerDuplexStream<ferry.dataplane.v1.ShipControl, ferry.dataplane.v1.IShipReply>;

/** How long the source waits for its stripes' connections to the receiver. */
const STRIPE_CONNECT_MS = 3000;
/**
 * Frames offered to the caller and not yet granted, at most: enough that its grants never wait for an
 * offer, few enough that memory does not grow with the session's window (the sealing waits beyond them).
 */
const MAX_OFFERED = 4;
/** Frames written to the stripes and not yet taken by HTTP/2, at most (each holds gRPC's framed copy). */
const MAX_UNWRITTEN = 4;
/** The most stripes one ShipChunks call opens. */
const MAX_STRIPES = 16;

/** How the source dials the receivers it ships frames to: its own identity of the site CA. */
export interface ReceiverIdentity {
  credentials: ChannelCredentials;
  tls: TlsMaterial;
  /** Where the source says that a receiver refused lean stripes (once per receiver). */
  log?: (line: string) => void;
}

/** Reads and seals the chunks `read` asks for, as a sealed ReadChunks does, handing each to `send`; false when cut short by `cancelled`. */
export type ShipReads = (read: ferry.dataplane.v1.ReadChunksRequest, send: SendChunk, cancelled: () => boolean) => Promise<boolean>;

/** A read to ship, checked: it must be sealed, under a 32-byte session key. */
function shipReadOf(read: ferry.dataplane.v1.IReadChunksRequest, field: string): ferry.dataplane.v1.ReadChunksRequest {
  const checked = pb.ReadChunksRequest.create(read);
  if (checked.seal === null || checked.seal === undefined) throw new ValidationError(`${field}.seal`, 'the source ships sealed frames only; give the session\'s SealSpec');
  if ((checked.seal.sessionKey ?? []).length !== 32) throw new ValidationError(`${field}.seal.session_key`, `must be the 32-byte session key, got ${(checked.seal.sessionKey ?? []).length} bytes`);
  return checked;
}

/** The start of a ShipChunks call, checked before any connection is dialled; `read` absent: it follows as ShipControl.read. */
function startOf(message: ferry.dataplane.v1.ShipControl): { read?: ferry.dataplane.v1.ReadChunksRequest; endpoint: string; stripes: number; grpcStripes: boolean } {
  const start = message.start;
  if (start === null || start === undefined) throw new ValidationError('start', 'a ShipChunks call begins with ShipControl.start; send it before any grant or read');
  const read = start.read === null || start.read === undefined ? undefined : shipReadOf(start.read, 'start.read');
  if ((start.receiverEndpoint ?? '') === '') throw new ValidationError('start.receiver_endpoint', 'give the receiver\'s ChunkReceiver endpoint (host:port)');
  const stripes = start.stripes ?? 0;
  if (stripes < 1 || stripes > MAX_STRIPES) throw new ValidationError('start.stripes', `must be 1 to ${MAX_STRIPES} (no more than the receiver's SessionAccepted.stripes), got ${stripes}`);
  return { ...(read === undefined ? {} : { read }), endpoint: start.receiverEndpoint ?? '', stripes, grpcStripes: start.grpcStripes === true };
}

/** What prem-manager counts of a frame this source offers (ShippedFrame), and the frame's bytes to write once granted. */
function frameOf(message: SourceChunkFields | EncodedSourceChunk): { sealed: Buffer; shipped: ferry.dataplane.v1.IShippedFrame } {
  // Decoding a Buffer gives views of it: the payload is not copied. The hash is copied: the reply may be
  // serialised after the pooled buffer went back to its pool.
  const chunk = 'encoded' in message ? pb.SourceChunk.decode(message.encoded) : message;
  const sealed = chunk.sealed === undefined ? Buffer.alloc(0) : Buffer.from(chunk.sealed.buffer, chunk.sealed.byteOffset, chunk.sealed.byteLength);
  const frame = pb.SenderMessage.decode(sealed).chunk;
  if (frame === null || frame === undefined) throw new Error(`chunk ${chunk.index} was sealed without a frame`);
  const level = 'compressionLevel' in chunk ? chunk.compressionLevel : 0;
  return { sealed, shipped: { index: chunk.index, counter: frame.counter, length: frame.length, zero: chunk.zero === true, sha256: Buffer.from(chunk.sha256 ?? []), compressionLevel: chunk.zero === true ? 0 : level, ciphertextLength: frame.ciphertext?.length ?? 0 } };
}

/**
 * One ShipChunks call: opens the stripes of the caller's session to its receiver (on this source's own
 * connections), then reads and seals the chunks asked. Each sealed frame is offered to the caller (its
 * ShippedFrame) and written to the next stripe that takes writes once the caller granted it, in request
 * order; ShipClosed ends the call once every stripe has closed. A stripe that breaks, or a caller that goes
 * away, ends the call and cuts every stripe, so the receiver ends the session and the next one resumes
 * from what it verified.
 */
export function shipChunks(call: ShipCall, reads: ShipReads, identity: ReceiverIdentity): void {
  let grants = 0;
  /** Frames offered and not yet granted: their sealed bytes (in the sealing pool) and how to give them back. */
  const offered: Array<{ wire: Buffer; written?: () => void }> = [];
  /** Frames handed to a stripe whose write has not completed: each holds gRPC's framed copy of it. */
  let unwritten = 0;
  let failure: Error | undefined;
  let waiters: Array<() => void> = [];
  let stripes: SessionStripes | undefined;
  let lines: StripeLine[] = [];
  const wake = (): void => {
    const woken = waiters;
    waiters = [];
    for (const waiter of woken) waiter();
  };
  const fail = (error: Error): void => {
    failure ??= error;
    stripes?.cancel();
    wake();
  };
  const until = async (ready: () => boolean): Promise<void> => {
    for (;;) {
      if (failure !== undefined) throw failure;
      if (ready()) return;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  /** Writes granted frames to stripes that take writes, as far as the limits allow. */
  const pump = (): void => {
    const open = stripes;
    while (open !== undefined && failure === undefined && grants > 0 && offered.length > 0 && unwritten < MAX_UNWRITTEN) {
      const stripe = open.pick();
      if (stripe === undefined) break; // every stripe is blocked: the next drain pumps again
      const frame = offered.shift()!;
      grants--;
      unwritten++;
      // Once the write completed, gRPC has long copied the frame: its pooled buffers go back.
      open.write(stripe, { wire: frame.wire }, () => {
        unwritten--;
        frame.written?.();
        pump();
      });
    }
    wake();
  };
  call.on('cancelled', () => fail(new UnavailableError('prem-manager cancelled the ShipChunks call; its session ends')));
  call.on('error', () => undefined);
  call.once('data', (first: ferry.dataplane.v1.ShipControl) => {
    /** The read of a start that named none, once ShipControl.read brings it. */
    let named: { read: ferry.dataplane.v1.ReadChunksRequest; stripes: number } | undefined;
    call.on('data', (message: ferry.dataplane.v1.ShipControl) => {
      if (message.read && named === undefined && !first.start?.read) {
        try {
          named = { read: shipReadOf(message.read.read ?? {}, 'read.read'), stripes: message.read.stripes ?? 0 };
        } catch (error) {
          return fail(error as Error);
        }
        return wake();
      }
      if (!message.grant) return fail(new ValidationError('grant', 'after ShipControl.start only one read (when the start named none) and grants may follow'));
      grants += message.grant.frames ?? 0;
      pump();
    });
    void (async () => {
      const start = startOf(first);
      const { endpoint } = start;
      lines = stripeLines(endpoint, { transport: start.grpcStripes ? 'grpc' : 'lean', ...identity }, start.stripes);
      const up = await SessionStripes.connected(lines, STRIPE_CONNECT_MS);
      if (up.length === 0) {
        // Not a failure of the session: the caller sends the frames itself.
        call.write({ ready: { stripes: 0, unreachable: `the source could not connect to the receiver at ${endpoint} within ${STRIPE_CONNECT_MS} ms` } });
        call.end();
        return;
      }
      call.write({ ready: { stripes: up.length } });
      // A start without a read dialled ahead: the read names how many of the stripes up the receiver took.
      if (start.read === undefined) await until(() => named !== undefined);
      const { read, stripes: taken } = start.read !== undefined ? { read: start.read, stripes: up.length } : named!;
      if (taken < 1) throw new ValidationError('read.stripes', `must be 1 or more (the stripes the receiver took of the ${up.length} up), got ${taken}`);
      const session = { id: Buffer.from(read.seal?.sessionId ?? []), key: Buffer.from(read.seal?.sessionKey ?? []) };
      const open = (stripes = new SessionStripes(up.slice(0, taken), session, fail, pump));
      const send = async (message: SourceChunkFields | EncodedSourceChunk, written?: () => void): Promise<void> => {
        await until(() => offered.length < MAX_OFFERED);
        const { sealed, shipped } = frameOf(message);
        call.write({ frame: shipped });
        offered.push({ wire: sealed, written });
        pump();
      };
      if (!(await reads(read, send, () => failure !== undefined))) throw failure ?? new UnavailableError('the read was cut short');
      await until(() => offered.length === 0 && unwritten === 0);
      const perStripe = await open.end();
      if (failure !== undefined) throw failure;
      call.write({ closed: { framesPerStripe: perStripe } });
      call.end();
    })()
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error : new Error(String(error));
        fail(reason);
        call.emit('error', { code: grpcStatusOf(reason), details: reason.message });
      })
      .finally(() => {
        for (const line of lines) line.close();
      });
  });
}
