// The chunks a replica has sent for a queued transfer, carried over to the replica that takes the job
// over, so "distinct chunks sent" (and with it "chunks sent twice") stays true across replicas. Read
// incrementally from the job's sent.log (shipper/sent-log.ts) and written in the status
// record as ranges ("0-156,200-210"): sequential sends make few ranges. Chunks a killed replica sent
// after its last status write (at most a second's worth) are found again when the job comes back to a
// replica on the same disk (a restart): its leftover log is read before it is removed. On another
// replica they are in neither count.
import { open } from 'node:fs/promises';
import { ChunkIndexSet } from '../shipper/chunk-index-set';
import { addSentChunks, wholeEntriesEnd } from '../shipper/sent-log';

/** Ranges longer than this are left out of the record (the set is then not carried). */
const MAX_RANGES_TEXT = 64 * 1024;

export class SentChunks {
  private readonly chunks = new ChunkIndexSet();
  private readAt = 0;
  /** Frames read from this replica's log (the same moment as the set: the status's own count may lag it). */
  framesRead = 0;

  constructor(carried: string | undefined) {
    for (const index of parseRanges(carried ?? '')) this.chunks.add(index);
  }

  get size(): number {
    return this.chunks.size;
  }

  /** Adds the frames logged since the last call. */
  async readLog(path: string): Promise<void> {
    const bytes = await readEntries(path, this.readAt);
    this.framesRead += addSentChunks(bytes, this.chunks);
    this.readAt += bytes.length;
  }

  /**
   * Adds the chunks of a log left by an earlier run of the job on this disk (a replica killed and started
   * again), before the log is removed. Only the chunks: its frames up to that run's last status are in the
   * carried counts already, and the ones after it cannot be told apart from them.
   */
  async readLeftover(path: string): Promise<void> {
    addSentChunks(await readEntries(path, 0), this.chunks);
  }

  /** The set as ranges, or '' when it would be too long to carry. */
  ranges(): string {
    const parts: string[] = [];
    let length = 0;
    for (const [first, last] of this.chunks.runs()) {
      const part = first === last ? `${first}` : `${first}-${last}`;
      length += part.length + 1;
      if (length > MAX_RANGES_TEXT) return '';
      parts.push(part);
    }
    return parts.join(',');
  }
}

/** The whole entries of a sent log from byte `from` on (none if there is no log). */
async function readEntries(path: string, from: number): Promise<Buffer> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return Buffer.alloc(0);
  try {
    const end = wholeEntriesEnd((await handle.stat()).size, from);
    if (end <= from) return Buffer.alloc(0);
    const bytes = Buffer.alloc(end - from);
    await handle.read(bytes, 0, bytes.length, from);
    return bytes;
  } finally {
    await handle.close();
  }
}

export function parseRanges(text: string): number[] {
  const indices: number[] = [];
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) continue;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let i = from; i <= to; i++) indices.push(i);
  }
  return indices;
}
