import { PassThrough } from 'node:stream';
import { LEAN_KEEPALIVE, leanLength } from './lean-frames';
import { readLean } from './lean-reading';

const framed = (...messages: string[]): Buffer => Buffer.concat(messages.flatMap((message) => [leanLength(message.length), Buffer.from(message)]));
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A stream standing in for the upgraded socket, and what readLean handed on from it. */
function reading(head: Buffer, open = () => true) {
  const socket = new PassThrough();
  const got = { messages: [] as string[], malformed: [] as string[], silent: 0 };
  readLean(socket, head, { message: (bytes) => void got.messages.push(bytes.toString()), malformed: (error) => void got.malformed.push(error.message), silent: () => void got.silent++ }, { open, max: 1000 });
  return { socket, got };
}

describe('readLean: the messages of an upgraded connection, head first', () => {
  it('hands on the head before what follows it, only once the caller had a turn to attach its listeners', async () => {
    const { socket, got } = reading(framed('one', 'tw').subarray(0, 9));
    socket.write(Buffer.concat([framed('one', 'tw').subarray(9), leanLength(LEAN_KEEPALIVE), framed('three', '')]));
    expect(got.messages).toEqual([]);
    await turn();
    await turn();
    expect(got.messages).toEqual(['one', 'tw', 'three', '']);
    socket.destroy();
  });

  it('stops at a length above the limit, names it, and reads nothing after', async () => {
    const { socket, got } = reading(Buffer.alloc(0));
    await turn();
    socket.write(Buffer.concat([framed('ok'), leanLength(5000), framed('after')]));
    await turn();
    socket.write(framed('later'));
    await turn();
    expect(got.messages).toEqual(['ok']);
    expect(got.malformed).toEqual([expect.stringContaining('5000 bytes is above the 1000 allowed')]);
    socket.destroy();
  });

  it('drops what comes once the reader says it is done', async () => {
    let open = true;
    const { socket, got } = reading(Buffer.alloc(0), () => open);
    await turn();
    socket.write(framed('first'));
    await turn();
    open = false;
    socket.write(framed('second'));
    await turn();
    expect(got.messages).toEqual(['first']);
    socket.destroy();
  });
});
