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
    order.push(9, 'final', true);
    expect(out).toEqual(['a', 'f', 'b', 'final']);
    expect(order.holdsFinal).toBe(false);
  });

  it('once stripes joined, passes chunk frames as they come, and holds the final frame until every earlier counter came', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(2, 'c');
    order.push(1, 'b');
    order.push(4, 'final', true);
    expect(out).toEqual(['c', 'b']);
    expect(order.holdsFinal).toBe(true);
    order.push(0, 'a');
    expect(out).toEqual(['c', 'b', 'a']);
    expect(order.holdsFinal).toBe(true);
    expect(order.firstMissing).toBe(3);
    order.push(3, 'd');
    expect(out).toEqual(['c', 'b', 'a', 'd', 'final']);
    expect(order.holdsFinal).toBe(false);
  });

  it('passes a final frame whose earlier counters all came at once', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(1, 'b');
    order.push(0, 'a');
    order.push(2, 'final', true);
    expect(out).toEqual(['b', 'a', 'final']);
    expect(order.holdsFinal).toBe(false);
  });

  it('passes a replayed counter on at once, so the session refuses it', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(0, 'a');
    order.push(0, 'replay');
    expect(out).toEqual(['a', 'replay']);
  });

  it('fails when a counter ahead arrives twice, a second final frame arrives, or a frame comes as far ahead as the limit', () => {
    const { order, out } = collect(4);
    order.stripesJoined();
    order.push(3, 'x');
    expect(() => order.push(3, 'x again')).toThrow(/counter 3 arrived twice/);
    expect(() => order.push(4, 'too far')).toThrow(/frame counter 0 has not arrived while frame 4 came, 4 ahead \(at most 3\); a stripe lost frames/);
    order.push(9, 'final', true);
    expect(() => order.push(10, 'final again', true)).toThrow(/a second final frame \(counter 10\)/);
    expect(out).toEqual(['x']);
  });

  it('releases a held final frame when a frame under its own counter comes (the session then refuses the final as a replay)', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(1, 'final', true);
    order.push(0, 'a');
    expect(out).toEqual(['a', 'final']);
  });

  it('starts again at counter 0 on one stream after a reset', () => {
    const { order, out } = collect();
    order.stripesJoined();
    order.push(1, 'b');
    order.push(3, 'held final', true);
    order.reset();
    expect(order.holdsFinal).toBe(false);
    order.push(2, 'passes');
    expect(out).toEqual(['b', 'passes']);
  });
});
