import { IntegrityError } from '@ferry/errors';

/**
 * Puts a session's frames back in counter order when they come over several stripes (connections).
 * A frame whose counter is the next one is released at once, followed by every held frame that then
 * follows; a later one is held. A frame below the next counter (a replay) is released as it is, so the
 * session's own counter check refuses it. At most `limit` frames are held: the sender may have no more
 * in flight than its credits, so more means frames were lost or forged. Until a stripe joins, frames
 * come on one stream and a frame out of order is released at once, so the counter check refuses it.
 */
export class FrameOrder<T> {
  private next = 0;
  private readonly held = new Map<number, T>();
  /** Until a stripe joins, frames come on one stream in order: a later one is released at once (and refused). */
  private striped = false;

  constructor(private readonly release: (message: T) => void, private readonly limit: number) {}

  /** A new session starts at counter 0, on one stream. */
  reset(): void {
    this.next = 0;
    this.held.clear();
    this.striped = false;
  }

  /** A stripe joined the session: from now on frames may come out of order, and later ones wait. */
  stripesJoined(): void {
    this.striped = true;
  }

  /** Frames waiting for an earlier counter. */
  get waiting(): number {
    return this.held.size;
  }

  push(counter: number, message: T): void {
    if (counter < this.next || (counter > this.next && !this.striped)) {
      this.release(message);
      return;
    }
    if (counter > this.next) {
      if (this.held.has(counter)) throw new IntegrityError(`frame counter ${counter} arrived twice on the session's stripes`);
      if (this.held.size >= this.limit) {
        throw new IntegrityError(`frame counter ${this.next} has not arrived while ${this.held.size} later frames wait (at most ${this.limit}); a stripe lost frames, the session is retried`);
      }
      this.held.set(counter, message);
      return;
    }
    this.release(message);
    this.next++;
    for (let following = this.held.get(this.next); following !== undefined; following = this.held.get(this.next)) {
      this.held.delete(this.next);
      this.release(following);
      this.next++;
    }
  }
}
