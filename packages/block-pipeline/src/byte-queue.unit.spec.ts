import { ByteQueue } from './byte-queue';

const queueOf = (...pieces: string[]): ByteQueue => {
  const queue = new ByteQueue();
  for (const piece of pieces) queue.push(Buffer.from(piece));
  return queue;
};

describe('ByteQueue: the bytes of a stream not yet taken, in the pieces they came in', () => {
  it('takes from the front across pieces, keeping the rest, and counts what it holds', () => {
    const queue = queueOf('abc', '', 'defg', 'h');
    expect(queue.length).toBe(8);
    expect(queue.take(2).toString()).toBe('ab');
    expect(queue.take(4).toString()).toBe('cdef');
    expect(queue.length).toBe(2);
    expect(queue.take(2).toString()).toBe('gh');
    expect(queue.length).toBe(0);
    expect(queue.take(0).length).toBe(0);
  });

  it('peeks without taking: a view of one piece, or a copy joined from several', () => {
    const whole = Buffer.from('abcdef');
    const queue = new ByteQueue();
    queue.push(whole);
    queue.push(Buffer.from('gh'));
    const inOne = queue.peek(4);
    expect(inOne.buffer).toBe(whole.buffer);
    expect(queue.peek(7).toString()).toBe('abcdefg');
    expect(queue.length).toBe(8);
    expect(queue.take(8).toString()).toBe('abcdefgh');
  });

  it('takes a view of the piece that holds the bytes, or with `own` a copy whose memory is its own', () => {
    const whole = Buffer.from('abcdef');
    const queue = new ByteQueue();
    queue.push(whole);
    expect(queue.take(2).buffer).toBe(whole.buffer);
    const owned = queue.take(2, true);
    expect(owned.toString()).toBe('cd');
    expect(owned.buffer).not.toBe(whole.buffer);
    expect(owned.buffer.byteLength).toBe(2);
    expect(queue.take(2).toString()).toBe('ef');
  });

  it('refuses to give more than it holds, saying how much it holds', () => {
    const queue = queueOf('abc');
    expect(() => queue.take(4)).toThrow('asked for 4 bytes, 3 held');
    expect(() => queue.peek(5)).toThrow('asked for 5 bytes, 3 held');
    expect(queue.take(3).toString()).toBe('abc');
  });
});
