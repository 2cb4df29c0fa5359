import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { status, type ClientDuplexStream } from '@grpc/grpc-js';
import { connectLean, LEAN_SHIP, LEAN_SILENT_MS, LeanRefused, readLean, writeLean, type TlsMaterial } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';

const pb = ferry.dataplane.v1;
type ShipCall = ClientDuplexStream<ferry.dataplane.v1.IShipControl, ferry.dataplane.v1.ShipReply>;

/** Sources that refused lean ShipChunks: their calls go over gRPC from then on (logged once each). */
const refusedLean = new Set<string>();

/**
 * An error shaped as grpc-js reports a failed call: `code`, `details`, and its message "15 DATA_LOSS: details"
 * (grpc-js builds its own errors in a function it does not export).
 */
function statusError(code: status, details: string): Error & { code: number; details: string } {
  return Object.assign(new Error(`${code} ${status[code] ?? 'UNKNOWN'}: ${details}`), { code, details });
}

/**
 * A ShipChunks call to the source at `endpoint` over a lean stream (ferry-ship/1, block_source.proto),
 * shaped as the gRPC call it stands for: write ShipControl, read ShipReply (also as an async iterator),
 * cancel(). Writes before the connection is up wait for it. A source that refuses the upgrade (older than
 * lean ShipChunks) gets the same call over gRPC (`grpcCall`), and `log` is told once per source.
 */
export function leanShipCall(endpoint: string, tls: TlsMaterial, grpcCall: () => ShipCall, log?: (line: string) => void): ShipCall {
  if (refusedLean.has(endpoint)) return grpcCall();
  return new LeanShipClientCall(endpoint, tls, grpcCall, log) as unknown as ShipCall;
}

class LeanShipClientCall extends Duplex {
  private socket: TLSSocket | undefined;
  private grpc: ShipCall | undefined;
  private readonly waiting: ferry.dataplane.v1.IShipControl[] = [];
  private ended = false;

  constructor(private readonly endpoint: string, tls: TlsMaterial, grpcCall: () => ShipCall, log?: (line: string) => void) {
    super({ objectMode: true });
    connectLean(endpoint, tls, LEAN_SHIP).then(
      ({ socket, rest }) => {
        if (this.destroyed) return void socket.destroy();
        this.socket = socket;
        this.carry(socket, rest);
        for (const message of this.waiting.splice(0)) writeLean(socket, pb.ShipControl.encode(message).finish());
      },
      (error: unknown) => {
        if (this.destroyed) return;
        if (!(error instanceof LeanRefused)) return void this.destroy(statusError(status.UNAVAILABLE, `the source at ${endpoint} could not be reached for ShipChunks: ${(error as Error).message}`));
        refusedLean.add(endpoint);
        log?.(`ShipChunks to ${endpoint} goes over gRPC: ${error.message}`);
        const call = (this.grpc = grpcCall());
        call.on('data', (reply: ferry.dataplane.v1.ShipReply) => this.push(reply));
        call.on('end', () => this.push(null));
        call.on('error', (failure) => this.destroy(failure));
        for (const message of this.waiting.splice(0)) call.write(message);
      },
    );
  }

  /** The source's replies: ShipReply messages until a length of 0 (the end) or ShipFailed (the call's status). */
  private carry(socket: TLSSocket, rest: Buffer): void {
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      if (!this.ended && !this.destroyed) this.destroy(statusError(status.UNAVAILABLE, `the source at ${this.endpoint} closed ShipChunks before it ended`));
    });
    readLean(socket, rest, {
      message: (bytes) => {
        if (bytes.length === 0) {
          this.ended = true;
          this.push(null);
          return;
        }
        const reply = pb.ShipReply.decode(bytes);
        if (reply.failed) return void this.destroy(statusError(reply.failed.code ?? status.UNAVAILABLE, reply.failed.details ?? ''));
        this.push(reply);
      },
      malformed: (error) => this.destroy(statusError(status.UNAVAILABLE, `the source at ${this.endpoint} sent a malformed lean ShipChunks message: ${error.message}`)),
      // A source that stopped (or whose link is cut) fails the call, as gRPC's keepalive would: the session is
      // retried. A call that already ended has nothing left to fail.
      silent: () => {
        if (!this.ended && !this.destroyed) this.destroy(statusError(status.UNAVAILABLE, `the source at ${this.endpoint} sent nothing for ${LEAN_SILENT_MS / 1000} s, not even a keepalive: it is stopped or cut off; the session is retried`));
      },
    }, { open: () => !this.ended && !this.destroyed });
  }

  override _write(message: ferry.dataplane.v1.IShipControl, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.grpc !== undefined) this.grpc.write(message);
    else if (this.socket !== undefined) writeLean(this.socket, pb.ShipControl.encode(message).finish());
    else this.waiting.push(message);
    done();
  }

  override _read(): void {
    // Replies are pushed as they arrive: control messages are small and few at a time.
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.socket?.destroy();
    this.grpc?.cancel();
    done(error);
  }

  /** As a gRPC call's cancel(): the call ends with CANCELLED and the connection closes (the source cuts its stripes). */
  cancel(): void {
    if (this.ended) this.socket?.destroy(); // a call that ended has nothing left to cancel
    else if (!this.destroyed) this.destroy(statusError(status.CANCELLED, 'Cancelled on client'));
  }
}
