import { randomBytes } from 'node:crypto';
import { encodeChunkMessage, FrameSealer, newDataKey, SenderSession, sha256, wrapDataKey, type ChunkFrame } from '@ferry/block-pipeline';
import { IntegrityError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { DemandVerifier, type DemandExpectation } from './demand-verifier';

const chunkSize = 64 * 1024;
const virtualSize = 3 * chunkSize + 4096; // chunk 3 is short
const migrationId = 'm-warm';
const diskId = 'disk-0';

const flip = (b: Buffer, at: number): Buffer => {
  const copy = Buffer.from(b);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
};
const dataOf = (index: number): Buffer => randomBytes(Math.min(chunkSize, virtualSize - index * chunkSize));

/** A prem source sealing demand frames for one disk, and the cache's verifier, sharing one site key. */
function given(identity = { migrationId, diskId, generation: 0 }) {
  const siteKey = randomBytes(32);
  const dataKey = newDataKey();
  const wrapped = wrapDataKey(siteKey, dataKey, identity.migrationId);
  const source = new SenderSession(dataKey, identity);
  const seal = (index: number, data = dataOf(index)): { frame: ChunkFrame; data: Buffer } => ({
    frame: source.seal({ index, offset: index * chunkSize, length: data.length, data }),
    data,
  });
  return { siteKey, dataKey, wrapped, source, seal, verifier: new DemandVerifier(siteKey) };
}

/** The DemandChunk a lane carries: the session the frame came with and the encoded SenderMessage. */
function demandChunk(frame: ChunkFrame, session: { params: ferry.dataplane.v1.ISessionOpen }, wrapped: Buffer): ferry.dataplane.v1.IDemandChunk {
  return { requestId: 1, session: { ...session.params, wrappedDataKey: wrapped }, sealed: encodeChunkMessage(frame) };
}

const asking = (...wanted: number[]): DemandExpectation => ({ migrationId, diskId, virtualSize, chunkSize, wanted: new Set(wanted) });

describe('DemandVerifier: a frame sealed at the source for the chunk asked for', () => {
  it('verifies and returns the plaintext with its SHA-256', () => {
    const { source, wrapped, seal, verifier } = given();
    const { frame, data } = seal(3);
    const chunk = verifier.open(demandChunk(frame, source, wrapped), asking(3));
    expect(chunk.index).toBe(3);
    expect(chunk.plaintext.equals(data)).toBe(true);
    expect(chunk.sha256.equals(sha256(data))).toBe(true);
  });

  it('takes the frames of one session in any order', () => {
    const { source, wrapped, seal, verifier } = given();
    const frames = [0, 1, 2].map((i) => seal(i));
    for (const i of [2, 0, 1]) {
      const { frame, data } = frames[i]!;
      expect(verifier.open(demandChunk(frame, source, wrapped), asking(0, 1, 2)).plaintext.equals(data)).toBe(true);
    }
  });
});

describe('DemandVerifier refuses, with an IntegrityError naming the problem', () => {
  type Setup = ReturnType<typeof given>;
  const cases: Array<[string, (s: Setup) => { chunk: ferry.dataplane.v1.IDemandChunk; expect: DemandExpectation }, RegExp]> = [
    ['a flipped ciphertext byte', (s) => {
      const { frame } = s.seal(1);
      return { chunk: demandChunk({ ...frame, ciphertext: flip(frame.ciphertext, 100) }, s.source, s.wrapped), expect: asking(1) };
    }, /authentication tag does not verify/],
    ['a flipped tag byte', (s) => {
      const { frame } = s.seal(1);
      return { chunk: demandChunk({ ...frame, tag: flip(frame.tag, 15) }, s.source, s.wrapped), expect: asking(1) };
    }, /authentication tag does not verify/],
    ['an announced hash changed on the way', (s) => {
      const { frame } = s.seal(1);
      return { chunk: demandChunk({ ...frame, plaintextSha256: sha256(Buffer.from('other')) }, s.source, s.wrapped), expect: asking(1) };
    }, /authentication tag does not verify/],
    ['a wrong hash announced by the sealer itself', (s) => {
      const data = dataOf(1);
      const frame = new FrameSealer(s.source.key, s.source.params).seal(s.source.reserve(), { index: 1, offset: chunkSize, length: data.length, data, sha256: sha256(Buffer.from('other')) });
      return { chunk: demandChunk(frame, s.source, s.wrapped), expect: asking(1) };
    }, /plaintext SHA-256 [0-9a-f]{64} differs from the announced/],
    ['a chunk index not asked for', (s) => ({ chunk: demandChunk(s.seal(2).frame, s.source, s.wrapped), expect: asking(1) }), /chunk 2 was not asked for/],
    ['a frame of another disk', (s) => ({ chunk: demandChunk(s.seal(1).frame, s.source, s.wrapped), expect: { ...asking(1), diskId: 'disk-1' } }), /m-warm\/disk-1 is sealed for m-warm\/disk-0/],
    ['a frame of another migration', (s) => ({ chunk: demandChunk(s.seal(1).frame, s.source, s.wrapped), expect: { ...asking(1), migrationId: 'm-other' } }), /is sealed for m-warm\/disk-0/],
    ['a wrong offset for the index', (s) => {
      const { frame } = s.seal(1);
      return { chunk: demandChunk({ ...frame, offset: 2 * chunkSize }, s.source, s.wrapped), expect: asking(1) };
    }, /chunk 1 claims bytes 131072\+65536, the chunk is 65536\+65536/],
    ['a wrong length for the short last chunk', (s) => {
      const { frame } = s.seal(3);
      return { chunk: demandChunk({ ...frame, length: chunkSize }, s.source, s.wrapped), expect: asking(3) };
    }, /chunk 3 claims bytes 196608\+65536, the chunk is 196608\+4096/],
    ['a session id in the frame that differs from the session it came with', (s) => {
      const other = new SenderSession(s.dataKey, { migrationId, diskId, generation: 0 });
      return { chunk: demandChunk(s.seal(1).frame, other, s.wrapped), expect: asking(1) };
    }, /the frame's session differs from the session it came with/],
    ['a sealed blob that does not decode', (s) => ({ chunk: { ...demandChunk(s.seal(1).frame, s.source, s.wrapped), sealed: Buffer.from([0x12, 0xff, 0x01]) }, expect: asking(1) }), /the sealed frame does not decode/],
    ['a sealed message without a chunk frame', (s) => ({ chunk: { ...demandChunk(s.seal(1).frame, s.source, s.wrapped), sealed: ferry.dataplane.v1.SenderMessage.encode({ final: {} }).finish() }, expect: asking(1) }), /no chunk frame/],
    ['a data key wrapped by another site key', (s) => ({ chunk: demandChunk(s.seal(1).frame, s.source, wrapDataKey(randomBytes(32), s.dataKey, migrationId)), expect: asking(1) }), /does not open with this site key/],
  ];

  it.each(cases)('%s', (_name, tamper, message) => {
    const s = given();
    const { chunk, expect: expectation } = tamper(s);
    const open = (): unknown => s.verifier.open(chunk, expectation);
    expect(open).toThrow(IntegrityError);
    expect(open).toThrow(message);
    // Nothing of the forgery was taken in: a genuine frame of the same session still verifies.
    const { frame, data } = s.seal(0);
    expect(s.verifier.open(demandChunk(frame, s.source, s.wrapped), asking(0)).plaintext.equals(data)).toBe(true);
  });

  it('a frame sealed in generation 1 (a bulk frame passed off as a demand frame)', () => {
    const s = given({ migrationId, diskId, generation: 1 });
    expect(() => s.verifier.open(demandChunk(s.seal(1).frame, s.source, s.wrapped), asking(1))).toThrow(/claims generation 1; demand frames are sealed in generation 0 only/);
  });

  it('a frame replayed: the same counter accepted once only', () => {
    const { source, wrapped, seal, verifier } = given();
    const { frame } = seal(1);
    verifier.open(demandChunk(frame, source, wrapped), asking(1));
    const replay = (): unknown => verifier.open(demandChunk(frame, source, wrapped), asking(1));
    expect(replay).toThrow(IntegrityError);
    expect(replay).toThrow(/chunk 1 replays counter 0, already accepted in this session; a replayed frame is rejected/);
  });

  it('a fresh chunk sealed again under a counter already used (nonce reuse)', () => {
    const { source, wrapped, seal, verifier } = given();
    verifier.open(demandChunk(seal(1).frame, source, wrapped), asking(1));
    const data = dataOf(2);
    const reused = new FrameSealer(source.key, source.params).seal(0, { index: 2, offset: 2 * chunkSize, length: data.length, data });
    expect(() => verifier.open(demandChunk(reused, source, wrapped), asking(2))).toThrow(/chunk 2 replays counter 0/);
  });

  it.each([
    ['another disk (same session id)', { diskId: 'disk-1' }, /authentication tag does not verify/],
    ['another migration (same session id)', { migrationId: 'm-other' }, /does not open with this site key/],
  ])('a genuine frame whose known session is relabelled as %s', (_name, relabel, message) => {
    const s = given();
    s.verifier.open(demandChunk(s.seal(0).frame, s.source, s.wrapped), asking(0)); // the session is known now
    const { frame } = s.seal(1);
    const relabelled = { requestId: 1, session: { ...s.source.params, ...relabel, wrappedDataKey: s.wrapped }, sealed: encodeChunkMessage(frame) };
    const open = (): unknown => s.verifier.open(relabelled, { ...asking(1), ...relabel });
    expect(open).toThrow(IntegrityError);
    expect(open).toThrow(message);
  });

  // A session's replay window lives in a cache of 256 sessions; were rejected frames to fill it, 256 bogus
  // sessions would evict the real one and an accepted frame would be accepted again. Sessions are kept
  // only once one of their frames verified.
  it('a replayed frame is refused even after 256 frames of bogus sessions', () => {
    const { source, wrapped, seal, verifier } = given();
    const { frame } = seal(1);
    verifier.open(demandChunk(frame, source, wrapped), asking(1));
    for (let i = 0; i < 256; i++) {
      const bogus = { ...source.params, sessionId: randomBytes(16), salt: randomBytes(32) };
      expect(() => verifier.open(demandChunk({ ...frame, sessionId: bogus.sessionId }, { params: bogus }, wrapped), asking(1))).toThrow(/authentication tag does not verify/);
    }
    expect(() => verifier.open(demandChunk(frame, source, wrapped), asking(1))).toThrow(/replays counter 0/);
  });
});
