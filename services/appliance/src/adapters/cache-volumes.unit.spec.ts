import { spansOf } from './cache-volumes';

describe('spansOf', () => {
  it('joins consecutive chunk indexes into closed ranges', () => {
    expect(spansOf([0, 1, 2, 7, 9, 10])).toEqual([{ first: 0, last: 2 }, { first: 7, last: 7 }, { first: 9, last: 10 }]);
  });

  it('gives no ranges for no writes', () => {
    expect(spansOf([])).toEqual([]);
  });
});
