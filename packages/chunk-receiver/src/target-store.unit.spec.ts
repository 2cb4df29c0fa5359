import { adjacentRuns } from './target-store';

describe('adjacentRuns', () => {
  it('joins consecutive chunk indexes into one record write each', () => {
    expect(adjacentRuns([7, 3, 4, 5, 9, 8, 12])).toEqual([[3, 5], [7, 9], [12, 12]]);
  });

  it('keeps a chunk sent twice in one batch in a single run', () => {
    expect(adjacentRuns([2, 2, 3])).toEqual([[2, 3]]);
    expect(adjacentRuns([])).toEqual([]);
  });
});
