import { LEAN_MAX_MESSAGE, LeanFrameReader, leanLength } from './lean-frames';

const framed = (...messages: Buffer[]): Buffer => Buffer.concat(messages.flatMap((message) => [leanLength(message.length), message]));

describe('the lean stripe framing: a 4-byte big-endian length, then the message', () => {
  const a = Buffer.from('first message');
  const b = Buffer.alloc(70_000, 7);
  const end = Buffer.alloc(0);

  it('gives back the messages whatever pieces the stream came in: byte by byte, or several in one read', () => {
    const stream = framed(a, b, end);
    const oneByOne = new LeanFrameReader();
    const got: Buffer[] = [];
    for (let at = 0; at < stream.length; at++) got.push(...oneByOne.push(stream.subarray(at, at + 1)));
    expect(got.map((message) => message.toString('hex'))).toEqual([a, b, end].map((message) => message.toString('hex')));
    expect(oneByOne.pending).toBe(0);
    const atOnce = new LeanFrameReader().push(stream);
    expect(atOnce.map((message) => message.length)).toEqual([a.length, b.length, 0]);
  });

  it('copies each message into memory of its own, so moving one to a worker detaches no other', () => {
    const [first, second] = new LeanFrameReader().push(framed(a, a));
    expect(first!.buffer).not.toBe(second!.buffer);
    expect(first!.buffer.byteLength).toBe(a.length);
    structuredClone(first!.buffer, { transfer: [first!.buffer as ArrayBuffer] });
    expect(second!.toString()).toBe('first message');
  });

  it('refuses a length above the largest message, naming it and the protocol', () => {
    const reader = new LeanFrameReader();
    expect(() => reader.push(leanLength(LEAN_MAX_MESSAGE + 1))).toThrow(/above the \d+ allowed; the peer does not speak a lean stream/);
  });
});
