import type { Agent } from 'node:https';
import type { Readable } from 'node:stream';
import type { BlockSource, DiskExtent } from '@ferry/block-pipeline';
import { openVmdkStream, type StreamGrain, type VmdkStreamReader } from '@ferry/disk-formats';
import { ValidationError } from '@ferry/errors';
import { nfcWhere, openNfcDownload, pinnedAgent, type NfcEndpoint } from './nfc-download';
import { LearnedExtents } from './nfc-extent-map';
import { StreamCursor } from './nfc-stream-cursor';

/** Passes kept open at once; an older idle pass is closed to open a new one. */
const MAX_PASSES = 3;

/** Options of an export source beyond the endpoint. */
export interface NfcSourceOptions {
  /** Pinned thumbprint of the host serving the device URL. */
  thumbprint: string;
  /** Called with the bytes of the export read so far (all passes), for lease progress. */
  onBytes?: (bytes: number) => void;
  /** Called once when the source closes, with whether some pass reached the end of the stream. */
  onClose?: (completed: boolean) => Promise<void>;
}

/**
 * A disk served by an ESXi export device URL (a streamOptimized VMDK, sequential, read once per
 * GET). Reads go to a "pass" (one GET) already positioned at or before them; a read behind every
 * open pass opens a new GET that inflates and drops everything before it. Resuming at chunk N
 * after a crash thus costs downloading and inflating the export up to N once more; nothing is
 * spooled to disk. The extent map grows as passes move forward (see LearnedExtents).
 */
export class NfcExportSource implements BlockSource {
  private readonly passes = new Set<StreamCursor>();
  private readonly learned: LearnedExtents;
  private bytesRead = 0;
  private completed = false;

  private constructor(
    private readonly endpoint: NfcEndpoint,
    private readonly agent: Agent,
    private readonly options: NfcSourceOptions,
    readonly virtualSize: number,
  ) {
    this.learned = new LearnedExtents(virtualSize);
  }

  /** Opens the first pass: its header gives the virtual size; later reads continue on it. */
  static async open(endpoint: NfcEndpoint, options: NfcSourceOptions): Promise<NfcExportSource> {
    const agent = pinnedAgent(endpoint, options.thumbprint);
    let source: NfcExportSource | undefined;
    try {
      const pass = await startPass(endpoint, agent, (n) => source?.count(n));
      source = new NfcExportSource(endpoint, agent, options, pass.reader.virtualSize);
      source.adopt(Promise.resolve(pass));
      return source;
    } catch (error) {
      agent.destroy();
      await options.onClose?.(false);
      throw error;
    }
  }

  private count(bytes: number): void {
    this.bytesRead += bytes;
    this.options.onBytes?.(this.bytesRead);
  }

  /** Wraps a pass (possibly still connecting) in a cursor, synchronously, so reads can claim it at once. */
  private adopt(opening: Promise<Pass>): StreamCursor {
    opening.catch(() => undefined); // surfaces through the cursor's first read
    async function* grains(): AsyncGenerator<StreamGrain> {
      yield* (await opening).reader.grains();
    }
    const cursor: StreamCursor = new StreamCursor(grains(), this.virtualSize, nfcWhere(this.endpoint), {
      grain: (offset, length) => this.learned.grain(offset, length),
      passed: (position) => {
        this.learned.passed(position);
        if (position >= this.virtualSize) this.completed = true;
      },
    }, () => {
      void opening.then((pass) => pass.body.destroy(), () => undefined);
      this.passes.delete(cursor);
    });
    this.passes.add(cursor);
    return cursor;
  }

  async *extents(): AsyncIterable<DiskExtent> {
    yield* this.learned.extents();
  }

  async read(offset: number, length: number): Promise<Buffer> {
    if (offset < 0 || length < 0 || offset + length > this.virtualSize) {
      throw new ValidationError('read', `${nfcWhere(this.endpoint)}: bytes ${offset}+${length} are outside the disk (${this.virtualSize} bytes)`);
    }
    return this.passFor(offset).read(offset, length);
  }

  /** The open pass nearest below `offset`, else a new one (closing the least recently used idle pass). */
  private passFor(offset: number): StreamCursor {
    let best: StreamCursor | undefined;
    for (const pass of this.passes) {
      if (pass.failed === undefined && pass.claimedEnd <= offset && (best === undefined || pass.claimedEnd > best.claimedEnd)) best = pass;
    }
    if (best !== undefined) return best;
    const idle = [...this.passes].filter((pass) => pass.idle).sort((a, b) => a.lastUsed - b.lastUsed);
    while (this.passes.size >= MAX_PASSES && idle.length > 0) idle.shift()!.close();
    return this.adopt(startPass(this.endpoint, this.agent, (n) => this.count(n)));
  }

  /** Bytes of the export downloaded so far by all passes (a resume makes it exceed the export size). */
  get downloaded(): number {
    return this.bytesRead;
  }

  async close(): Promise<void> {
    for (const pass of [...this.passes]) pass.close();
    this.agent.destroy();
    await this.options.onClose?.(this.completed);
  }
}

interface Pass {
  body: Readable;
  reader: VmdkStreamReader;
}

/** One GET of the device URL with its header parsed. */
async function startPass(endpoint: NfcEndpoint, agent: Agent, count: (n: number) => void): Promise<Pass> {
  const body = await openNfcDownload(endpoint, agent);
  try {
    return { body, reader: await openVmdkStream(countBytes(body, count), { name: nfcWhere(endpoint) }) };
  } catch (error) {
    body.destroy();
    throw error;
  }
}

/** Passes the body through unchanged, reporting each piece's size. */
async function* countBytes(body: Readable, count: (n: number) => void): AsyncIterable<Buffer> {
  for await (const piece of body as AsyncIterable<Buffer>) {
    count(piece.length);
    yield piece;
  }
}
