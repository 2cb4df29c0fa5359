import { createServer, connect, type Socket } from 'node:net';
import { keepLeanAlive, LEAN_KEEPALIVE, LEAN_MAX_MESSAGE, LeanFrameReader, leanLength } from './lean-frames';

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
    // Nothing of the stream is left behind: the next message comes back alone.
    expect(oneByOne.push(framed(a)).map(String)).toEqual(['first message']);
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

  it('stops at a length above the largest message, naming it and the protocol, after the messages before it', () => {
    const reader = new LeanFrameReader();
    expect(reader.push(Buffer.concat([framed(a), leanLength(LEAN_MAX_MESSAGE + 1), framed(a)])).map(String)).toEqual(['first message']);
    expect(reader.broken?.message).toMatch(/above the \d+ allowed; the peer does not speak a lean stream/);
    expect(reader.push(framed(a))).toEqual([]);
  });

  it('skips keepalives between messages', () => {
    const stream = Buffer.concat([leanLength(LEAN_KEEPALIVE), framed(a), leanLength(LEAN_KEEPALIVE), leanLength(LEAN_KEEPALIVE), framed(end)]);
    expect(new LeanFrameReader().push(stream).map((message) => message.length)).toEqual([a.length, 0]);
  });

  it('keeps a connection alive with keepalives, and finds a peer that sends nothing', async () => {
    const accepted: Socket[] = [];
    const server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const dial = async (): Promise<{ near: Socket; far: Socket }> => {
      const near = connect(port, '127.0.0.1');
      await new Promise((resolve) => near.once('connect', resolve));
      while (accepted.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      return { near, far: accepted.shift()! };
    };
    const timing = { everyMs: 40, silentMs: 150 };
    try {
      // Both ends keep alive: neither finds the other silent, though no message goes either way.
      const both = await dial();
      let silent = 0;
      keepLeanAlive(both.near, () => silent++, timing);
      keepLeanAlive(both.far, () => silent++, timing);
      both.far.resume();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(silent).toBe(0);
      both.near.destroy();
      // A peer that is stopped sends nothing: found once, after about silentMs.
      const one = await dial();
      const found: number[] = [];
      const since = Date.now();
      keepLeanAlive(one.near, () => found.push(Date.now() - since), timing);
      one.far.pause();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(found).toHaveLength(1);
      expect(found[0]).toBeGreaterThanOrEqual(150);
      one.near.destroy();
      one.far.destroy();
    } finally {
      server.close();
    }
  });
});
