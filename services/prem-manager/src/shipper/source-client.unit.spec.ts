import { toRanges } from './source-client';

describe('toRanges', () => {
  it('coalesces sorted chunk indexes into the fewest closed ranges', () => {
    expect(toRanges([0, 1, 2, 5, 7, 8])).toEqual([
      { first: 0, last: 2 },
      { first: 5, last: 5 },
      { first: 7, last: 8 },
    ]);
    expect(toRanges([])).toEqual([]);
  });
});
