import { FrameOrder } from './frame-order';

describe('FrameOrder', () => {
  const collect = (limit = 8): { order: FrameOrder<string>; out: string[] } => {
    const out: string[] = [];
    return { order: new FrameOrder<string>((m) => out.push(m), limit), out };
  };

  it('on one stream, passes every frame at once, in or out of order (the counter check refuses the latter)', () => {
    const { order, out } = collect();
    order.push(0, 'a');
    order.push(5, 'f');
    order.push(1, 'b');
    expect(out).toEqual(['a', 'f', 'b']);
    expect(order.waiting).toBe(0);
  });

  it('once stripes joined, holds a frame until every earlier counter came, then releases them in order', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(2, 'c');
    order.push(1, 'b');
    expect(out).toEqual([]);
    expect(order.waiting).toBe(2);
    order.push(0, 'a');
    expect(out).toEqual(['a', 'b', 'c']);
    order.push(3, 'd');
    expect(out).toEqual(['a', 'b', 'c', 'd']);
    expect(order.waiting).toBe(0);
  });

  it('passes a replayed counter on at once, so the session refuses it', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(0, 'a');
    order.push(0, 'replay');
    expect(out).toEqual(['a', 'replay']);
  });

  it('fails when a counter arrives twice while held, or when more frames wait than the limit', () => {
    const { order } = collect(2);
    order.stripesJoined();
    order.push(3, 'x');
    expect(() => order.push(3, 'x again')).toThrow(/counter 3 arrived twice/);
    order.push(4, 'y');
    expect(() => order.push(5, 'z')).toThrow(/frame counter 0 has not arrived while 2 later frames wait \(at most 2\)/);
  });

  it('starts again at counter 0 on one stream after a reset', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(1, 'held');
    order.reset();
    expect(order.waiting).toBe(0);
    order.push(2, 'passes');
    expect(out).toEqual(['passes']);
  });
});
