import { IntegrityError } from '@ferry/errors';

/**
 * Passes a session's frames on as they come over several stripes (connections), and holds back only
 * the final frame until every counter before it has come. A stripe that waits for a lost segment then
 * holds back its own frames, not the others': their chunks are verified, written and acknowledged
 * meanwhile. The session's counter check admits each counter once, at most `limit` ahead of the lowest
 * missing one (ReceiverSession.admitOutOfOrder); this class fails the stream on the same bound at arrival,
 * before the frame reaches the session (the receiver sets it far above what a stalled stripe lets the others run
 * ahead: REORDER_FRAMES in receiver-stream.ts). Until a stripe joins, frames come on one stream and pass at once,
 * so the counter check refuses one out of order.
 */
export class FrameOrder<T> {
  /** The lowest counter not come yet. */
  private next = 0;
  /** Counters that came ahead of `next`. */
  private readonly ahead = new Set<number>();
  /** The final frame, while a counter before it has not come. */
  private heldFinal: { counter: number; message: T } | undefined;
  /** Until a stripe joins, frames come on one stream in order: each passes at once. */
  private striped = false;

  constructor(private readonly release: (message: T) => void, readonly limit: number) {}

  /** A new session starts at counter 0, on one stream. */
  reset(): void {
    this.next = 0;
    this.ahead.clear();
    this.heldFinal = undefined;
    this.striped = false;
  }

  /** A stripe joined the session: from now on frames may come out of order. */
  stripesJoined(): void {
    this.striped = true;
  }

  /** Whether the final frame is held back, waiting for `firstMissing`. */
  get holdsFinal(): boolean {
    return this.heldFinal !== undefined;
  }

  /** The lowest counter that has not come yet. */
  get firstMissing(): number {
    return this.next;
  }

  /** A chunk frame (`final` false) or the session's final frame, under `counter`. */
  push(counter: number, message: T, final = false): void {
    if (!this.striped || counter < this.next) {
      // On one stream, or a replay: the session's counter check decides.
      this.release(message);
      return;
    }
    if (final) {
      if (this.heldFinal !== undefined) throw new IntegrityError(`a second final frame (counter ${counter}) arrived on the session's stripes`);
      if (counter === this.next) this.release(message);
      else this.heldFinal = { counter, message };
      return;
    }
    if (this.ahead.has(counter)) throw new IntegrityError(`frame counter ${counter} arrived twice on the session's stripes`);
    if (counter - this.next >= this.limit) {
      throw new IntegrityError(`frame counter ${this.next} has not arrived while frame ${counter} came, ${counter - this.next} ahead (at most ${this.limit - 1}); a stripe lost frames, the session is retried`);
    }
    this.release(message);
    if (counter !== this.next) {
      this.ahead.add(counter);
      return;
    }
    this.next++;
    while (this.ahead.delete(this.next)) this.next++;
    const held = this.heldFinal;
    if (held !== undefined && held.counter <= this.next) {
      this.heldFinal = undefined;
      this.release(held.message);
    }
  }
}
