import { ByteLru } from './lru';

describe('ByteLru', () => {
  it('evicts the least recently used entries once over its byte budget', () => {
    const cache = new ByteLru<Buffer>(3000);
    cache.set(1, Buffer.alloc(1000));
    cache.set(2, Buffer.alloc(1000));
    cache.set(3, Buffer.alloc(1000));
    cache.get(1); // 2 is now the oldest
    cache.set(4, Buffer.alloc(1000));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toBeDefined();
    expect(cache.get(3)).toBeDefined();
    expect(cache.get(4)).toBeDefined();
  });
});
