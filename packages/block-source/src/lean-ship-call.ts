import { EventEmitter } from 'node:events';
import type { TLSSocket } from 'node:tls';
import { LEAN_SHIP, LEAN_SILENT_MS, leanLength, readLean, writeLean } from '@ferry/block-pipeline';
import { grpcStatusOf, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';

const pb = ferry.dataplane.v1;

/**
 * A ShipChunks call carried by a lean stream (ferry-ship/1, see block_source.proto): what shipChunks uses
 * of a gRPC ServerDuplexStream. Its 'data' events are the caller's ShipControl messages; write() sends a
 * ShipReply; end() sends the length of 0 that ends the call; emit('error', status) sends ShipFailed with that
 * status and closes; a connection that closes before either is 'cancelled'.
 */
export class LeanShipCall extends EventEmitter {
  private over = false;

  constructor(private readonly socket: TLSSocket, head: Buffer) {
    super();
    socket.on('close', () => {
      if (this.over) return;
      this.over = true;
      super.emit('cancelled');
    });
    socket.on('error', () => undefined); // 'close' follows
    readLean(socket, head, {
      message: (bytes) => {
        let message: ferry.dataplane.v1.ShipControl;
        try {
          message = pb.ShipControl.decode(bytes);
        } catch (error) {
          return this.failWith(statusOf(new ValidationError('message', `a lean ShipChunks message of ${bytes.length} bytes is not a ShipControl (${(error as Error).message}); the caller must speak ${LEAN_SHIP.upgrade}`)));
        }
        super.emit('data', message);
      },
      malformed: (error) => this.failWith(statusOf(error)),
      // A caller that stopped (or whose link is cut) is a cancelled call, as gRPC's keepalive finds it.
      silent: () => {
        if (!this.over) {
          this.over = true;
          super.emit('cancelled');
        }
        socket.destroy(new Error(`the caller sent nothing for ${LEAN_SILENT_MS} ms`));
      },
    }, { open: () => !this.over });
  }

  write(reply: ferry.dataplane.v1.IShipReply): boolean {
    if (this.over) return false;
    return writeLean(this.socket, pb.ShipReply.encode(reply).finish());
  }

  end(): void {
    if (this.over) return;
    this.over = true;
    this.socket.end(leanLength(0));
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'error') return super.emit(event, ...args);
    this.failWith(args[0] as { code?: number; details?: string });
    return true;
  }

  private failWith(status: { code?: number; details?: string }): void {
    if (this.over) return;
    this.over = true;
    writeLean(this.socket, pb.ShipReply.encode({ failed: { code: status.code ?? 2, details: status.details ?? '' } }).finish());
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 5000).unref(); // a caller that keeps its end open goes anyway
  }
}

function statusOf(error: Error): { code: number; details: string } {
  return { code: grpcStatusOf(error), details: error.message };
}
