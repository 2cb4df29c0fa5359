import { randomBytes } from 'node:crypto';
import { IntegrityError } from '@ferry/errors';
import { LEVEL_LADDER } from './adaptive-level';
import { ChunkPreparer } from './chunk-preparer';
import { Encoding } from './compression';
import { LEVEL_OFF } from './compression-setting';
import type { ChunkFrame } from './frames';
import { diskDigest, sha256, zeroChunkHash } from './hashing';
import { newDataKey } from './keys';
import { ReceiverSession } from './receiver-session';
import { SenderSession } from './sender-session';

const chunkSize = 64 * 1024;
const virtualSize = 4 * chunkSize;
const identity = { migrationId: 'mig-1', diskId: 'disk-0', generation: 1 };

function flip(buffer: Buffer, bit = 0): Buffer {
  const copy = Buffer.from(buffer);
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
}

function setup(dataKey = newDataKey()) {
  const sender = new SenderSession(dataKey, identity);
  const receiver = new ReceiverSession(dataKey, sender.params, { virtualSize, chunkSize });
  const text = Buffer.alloc(chunkSize, 'ferry log line\n');
  const random = randomBytes(chunkSize);
  return { dataKey, sender, receiver, text, random };
}

describe('a session between sender and receiver', () => {
  it('carries compressible, incompressible and zero chunks and agrees on the disk digest', () => {
    const { sender, receiver, text, random } = setup();
    const frames = [
      sender.seal({ index: 0, offset: 0, length: chunkSize, data: text }),
      sender.seal({ index: 1, offset: chunkSize, length: chunkSize, data: random }),
      sender.seal({ index: 2, offset: 2 * chunkSize, length: chunkSize }),
    ];
    expect(frames.map((f) => f.encoding)).toEqual([Encoding.Zstd, Encoding.Raw, Encoding.Zero]);
    expect(frames[0]!.ciphertext.length).toBeLessThan(chunkSize / 10);
    expect(frames[2]!.ciphertext.length).toBe(0);
    const restored = frames.map((f) => receiver.openChunk(f));
    expect(restored[0]!.plaintext.equals(text)).toBe(true);
    expect(restored[1]!.plaintext.equals(random)).toBe(true);
    expect(restored[2]!.zero).toBe(true);
    const hashes = [sha256(text), sha256(random), zeroChunkHash(chunkSize), zeroChunkHash(chunkSize)];
    const digest = diskDigest(virtualSize, chunkSize, hashes);
    receiver.openFinal(sender.sealFinal(digest));
    expect(receiver.finish().diskDigest.equals(digest)).toBe(true);
  });

  it('uses a new salt, session id and key on every session, so a resumed stream never reuses a nonce', () => {
    const dataKey = newDataKey();
    const a = new SenderSession(dataKey, identity);
    const b = new SenderSession(dataKey, identity);
    expect(a.params.salt.equals(b.params.salt)).toBe(false);
    const data = Buffer.alloc(chunkSize, 7);
    const fa = a.seal({ index: 0, offset: 0, length: chunkSize, data });
    const fb = b.seal({ index: 0, offset: 0, length: chunkSize, data });
    expect(fa.counter).toBe(fb.counter);
    expect(fa.ciphertext.equals(fb.ciphertext)).toBe(false);
  });
});

describe('a session whose compression level changes from chunk to chunk (adaptive compression)', () => {
  // As the source seals: one session, the level chosen per chunk, the receiver told nothing but each frame's encoding.
  const levels = [1, 3, 9, -5, LEVEL_OFF, -1, 6, 1, 9, LEVEL_OFF];

  it('is restored byte for byte, incompressible chunks raw and compressible ones smaller at every level but off', () => {
    const { dataKey, sender, text, random } = setup();
    const receiver = new ReceiverSession(dataKey, sender.params, { virtualSize: levels.length * chunkSize, chunkSize });
    const source = new ChunkPreparer().openSession(sender.key, sender.params);
    const chunks = levels.map((_, index) => (index % 3 === 2 ? random : Buffer.concat([text.subarray(0, chunkSize - 8), Buffer.from(`chunk ${index}`.padEnd(8))])));
    const frames = levels.map((level, index) => source.seal(index, index, index * chunkSize, chunks[index]!, Buffer.alloc(chunkSize + 256), level).frame);
    frames.forEach((frame, index) => {
      const expected = index % 3 === 2 || levels[index] === LEVEL_OFF ? Encoding.Raw : Encoding.Zstd;
      expect([levels[index], frame.encoding]).toEqual([levels[index], expected]);
      if (expected === Encoding.Zstd) expect(frame.ciphertext.length).toBeLessThan(chunkSize / 10);
      const restored = receiver.openChunk(frame);
      expect(restored.plaintext.equals(chunks[index]!)).toBe(true);
    });
    expect(new Set(levels)).toEqual(new Set(LEVEL_LADDER));
  });
});

describe('the receiver rejects tampered frames', () => {
  const cases: Array<[string, (f: ChunkFrame) => ChunkFrame, RegExp]> = [
    ['a flipped bit in the ciphertext', (f) => ({ ...f, ciphertext: flip(f.ciphertext, 77) }), /authentication tag does not verify/],
    ['a flipped bit in the tag', (f) => ({ ...f, tag: flip(f.tag, 3) }), /authentication tag does not verify/],
    ['a flipped bit in the nonce counter', (f) => ({ ...f, counter: f.counter ^ 2 }), /counter 2 but 0 was expected/],
    ['a flipped bit in the associated data (plaintext hash)', (f) => ({ ...f, plaintextSha256: flip(f.plaintextSha256, 9) }), /authentication tag does not verify/],
    ['a flipped bit in the associated data (encoding)', (f) => ({ ...f, encoding: Encoding.Raw }), /authentication tag does not verify/],
    ['a chunk moved to another index', (f) => ({ ...f, index: 1, offset: chunkSize }), /authentication tag does not verify/],
    ['a claimed range that is not the chunk', (f) => ({ ...f, offset: 5 }), /claims bytes 5\+65536/],
  ];
  it.each(cases)('%s', (_name, tamper, message) => {
    const { sender, receiver, text } = setup();
    const frame = sender.seal({ index: 0, offset: 0, length: chunkSize, data: text });
    expect(() => receiver.openChunk(tamper(frame))).toThrow(message);
    expect(() => receiver.openChunk(tamper(frame))).toThrow(IntegrityError);
    // The genuine frame is still accepted afterwards: nothing of the forgery was taken in.
    expect(receiver.openChunk(frame).plaintext.equals(text)).toBe(true);
  });

  it('a replayed frame', () => {
    const { sender, receiver, text } = setup();
    const frame = sender.seal({ index: 0, offset: 0, length: chunkSize, data: text });
    receiver.openChunk(frame);
    expect(() => receiver.openChunk(frame)).toThrow(/replays counter 0/);
  });

  it('a frame from another session of the same disk, even with the session id rewritten', () => {
    const { dataKey, receiver, text } = setup();
    const other = new SenderSession(dataKey, identity);
    const foreign = other.seal({ index: 0, offset: 0, length: chunkSize, data: text });
    expect(() => receiver.openChunk(foreign)).toThrow(/belongs to session/);
    expect(() => receiver.openChunk({ ...foreign, sessionId: receiver.params.sessionId })).toThrow(/authentication tag does not verify/);
  });

  it('a frame from another disk or generation', () => {
    const { dataKey, receiver, text } = setup();
    for (const wrong of [{ ...identity, diskId: 'disk-1' }, { ...identity, generation: 2 }]) {
      const foreign = new SenderSession(dataKey, wrong).seal({ index: 0, offset: 0, length: chunkSize, data: text });
      expect(() => receiver.openChunk({ ...foreign, sessionId: receiver.params.sessionId })).toThrow(/authentication tag does not verify/);
    }
  });

  it('a stream cut before its final frame, and a final frame that miscounts', () => {
    const { sender, receiver, text } = setup();
    receiver.openChunk(sender.seal({ index: 0, offset: 0, length: chunkSize, data: text }));
    expect(() => receiver.finish()).toThrow(/without its final frame/);
    const final = sender.sealFinal(Buffer.alloc(32));
    expect(() => receiver.openFinal({ ...final, frames: 0 })).toThrow(/final frame: authentication tag does not verify/);
  });

  it('a final frame counting frames that never arrived', () => {
    const { sender, receiver, text } = setup();
    receiver.openChunk(sender.seal({ index: 0, offset: 0, length: chunkSize, data: text }));
    const dropped = sender.seal({ index: 1, offset: chunkSize, length: chunkSize, data: text });
    expect(dropped.counter).toBe(1);
    expect(() => receiver.openFinal(sender.sealFinal(Buffer.alloc(32)))).toThrow(/counter 2 but 1 was expected/);
  });
});

describe('a changed span of a chunk (a changed-list delta told by changed areas)', () => {
  const span = { start: 4096, length: 8192 };

  it('is sealed alone at the source, hashed whole for the digest, and admitted only by a session that takes spans', () => {
    const { dataKey, sender, text } = setup();
    const chunk = Buffer.concat([text.subarray(0, chunkSize - 8), Buffer.from('changed!')]);
    const { frame, chunkSha256 } = new ChunkPreparer().openSession(sender.key, sender.params).seal(0, 1, chunkSize, chunk, Buffer.alloc(chunkSize + 256), 1, span);
    expect([frame.offset, frame.length]).toEqual([chunkSize + span.start, span.length]);
    expect(frame.plaintextSha256.equals(sha256(chunk.subarray(span.start, span.start + span.length)))).toBe(true);
    expect(chunkSha256.equals(sha256(chunk))).toBe(true);

    const takesSpans = new ReceiverSession(dataKey, sender.params, { virtualSize, chunkSize }, true);
    expect(takesSpans.admitChunk(frame)).toEqual({ span: true });
    const whole = new ReceiverSession(dataKey, sender.params, { virtualSize, chunkSize });
    expect(() => whole.admitChunk(frame)).toThrow(/claims bytes 69632\+8192, chunk 1 is 65536\+65536$/);
  });

  it.each([
    ['runs past its chunk', { offset: chunkSize + 60_000, length: 8192 }],
    ['is empty', { offset: chunkSize + 4096, length: 0 }],
  ])('is refused, even by a session that takes spans, when it %s', (_name, place) => {
    const { dataKey, sender, text } = setup();
    const frame = sender.seal({ index: 1, ...place, data: text.subarray(0, place.length) });
    const receiver = new ReceiverSession(dataKey, sender.params, { virtualSize, chunkSize }, true);
    expect(() => receiver.admitChunk(frame)).toThrow(/a span must lie inside it and carry data/);
  });

  it('is refused as a zero range: a zero frame covers its whole chunk', () => {
    const { dataKey, sender } = setup();
    const frame = sender.seal({ index: 1, offset: chunkSize + 4096, length: 8192 });
    const receiver = new ReceiverSession(dataKey, sender.params, { virtualSize, chunkSize }, true);
    expect(() => receiver.admitChunk(frame)).toThrow(/a span must lie inside it and carry data/);
  });
});

describe('a session whose frames come over several stripes (admitOutOfOrder)', () => {
  const seal = (sender: SenderSession, index: number, data: Buffer): ChunkFrame => sender.seal({ index, offset: index * chunkSize, length: chunkSize, data });

  it('admits chunk frames out of counter order within the window, each counter once, and completes', () => {
    const { sender, receiver, text, random } = setup();
    receiver.admitOutOfOrder(4);
    const frames = [seal(sender, 0, text), seal(sender, 1, random), seal(sender, 2, text), seal(sender, 3, random)];
    for (const position of [2, 0, 3, 1]) expect(receiver.openChunk(frames[position]!).index).toBe(position);
    const final = sender.sealFinal(Buffer.alloc(32));
    expect(receiver.openFinal(final).frames).toBe(4);
  });

  it('refuses a replay of a counter admitted ahead or behind, and a frame as far ahead as the window', () => {
    const { sender, receiver, text } = setup();
    receiver.admitOutOfOrder(3);
    const frames = [0, 1, 2, 3].map((index) => seal(sender, index, text));
    receiver.openChunk(frames[2]!);
    expect(() => receiver.openChunk(frames[2]!)).toThrow(/replays counter 2 \(next expected 0\)/);
    expect(() => receiver.openChunk(frames[3]!)).toThrow(/counter 3\) is 3 counters ahead of 0, which has not arrived \(at most 2 ahead\); frames were lost/);
    receiver.openChunk(frames[0]!);
    expect(() => receiver.openChunk(frames[0]!)).toThrow(/replays counter 0 \(next expected 1\)/);
    receiver.openChunk(frames[1]!);
    receiver.openChunk(frames[3]!);
    expect(() => receiver.openChunk(frames[2]!)).toThrow(/replays counter 2 \(next expected 4\)/);
  });

  it('takes nothing in of a frame admitted ahead that fails to open: its genuine copy is admitted after', () => {
    const { sender, receiver, text } = setup();
    receiver.admitOutOfOrder(4);
    const frames = [0, 1, 2].map((index) => seal(sender, index, text));
    expect(() => receiver.openChunk({ ...frames[2]!, tag: flip(frames[2]!.tag) })).toThrow(/authentication tag does not verify/);
    receiver.openChunk(frames[1]!);
    expect(() => receiver.openChunk({ ...frames[0]!, tag: flip(frames[0]!.tag) })).toThrow(/authentication tag does not verify/);
    // Counter 1 stays admitted ahead after counter 0's forgery was taken back.
    expect(() => receiver.openChunk(frames[1]!)).toThrow(/replays counter 1 \(next expected 0\)/);
    receiver.openChunk(frames[0]!);
    receiver.openChunk(frames[2]!);
    expect(receiver.openFinal(sender.sealFinal(Buffer.alloc(32))).frames).toBe(3);
  });

  it('refuses a final frame before every earlier counter came, and a final frame behind chunk frames with later counters', () => {
    const { sender, receiver, text } = setup();
    receiver.admitOutOfOrder(8);
    const frames = [0, 1].map((index) => seal(sender, index, text));
    receiver.openChunk(frames[1]!);
    const final = sender.sealFinal(Buffer.alloc(32));
    expect(() => receiver.openFinal(final)).toThrow(/counter 2 but 0 was expected; frames were lost or reordered/);

    // A final frame whose counter was rewritten to the lowest missing one, while later chunk frames came.
    const other = setup();
    other.receiver.admitOutOfOrder(8);
    const later = [0, 1, 2].map((index) => seal(other.sender, index, text));
    other.receiver.openChunk(later[1]!);
    other.receiver.openChunk(later[2]!);
    const rewritten = { ...other.sender.sealFinal(Buffer.alloc(32)), counter: 0 };
    expect(() => other.receiver.openFinal(rewritten)).toThrow(/final frame \(counter 0\) comes after 2 chunk frame\(s\) with later counters/);
  });

  it('stays strict until admitOutOfOrder is called, and refuses a window that is not a positive whole number', () => {
    const { sender, receiver, text } = setup();
    seal(sender, 0, text);
    expect(() => receiver.openChunk(seal(sender, 1, text))).toThrow(/counter 1 but 0 was expected/);
    expect(() => receiver.admitOutOfOrder(0)).toThrow(/window: must be a positive whole number of frames, got 0/);
  });
});
