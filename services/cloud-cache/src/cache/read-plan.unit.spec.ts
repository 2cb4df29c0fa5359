import { planRead, type ChunkState } from './read-plan';

const states = (...s: ChunkState[]) => (i: number): ChunkState => s[i] ?? 'absent';

describe('planRead', () => {
  it('given stored, zero and absent chunks, then stored runs are one piece and the others one piece per chunk', () => {
    expect(planRead(100, 5 * 1000, 1000, states('stored', 'stored', 'zero', 'absent', 'absent', 'stored'))).toEqual([
      { kind: 'stored', pos: 100, length: 1900 },
      { kind: 'zero', pos: 2000, length: 1000 },
      { kind: 'absent', pos: 3000, length: 1000, chunk: 3 },
      { kind: 'absent', pos: 4000, length: 1000, chunk: 4 },
      { kind: 'stored', pos: 5000, length: 100 },
    ]);
  });

  it('given a read inside one chunk, then it is one piece of that length', () => {
    expect(planRead(2500, 10, 1000, states('stored', 'stored', 'absent'))).toEqual([{ kind: 'absent', pos: 2500, length: 10, chunk: 2 }]);
  });
});
