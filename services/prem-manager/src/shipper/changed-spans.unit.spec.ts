import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { changedSpans, validateChangedAreas } from './changed-spans';

const MiB = 1 << 20;
const { TransferMode } = ferry.dataplane.v1;

describe('changed areas as chunks and their changed spans', () => {
  it('gives each touched chunk the span from its first changed byte to its last', () => {
    const spans = changedSpans([{ offset: MiB + 4096, length: 65536 }, { offset: MiB + 500_000, length: 100 }, { offset: 5 * MiB + 10, length: 10 }], MiB, 8 * MiB);
    expect([...spans.entries()]).toEqual([
      [1, { index: 1, start: 4096, length: 500_100 - 4096 }],
      [5, { index: 5, start: 10, length: 10 }],
    ]);
  });

  it('splits an area that crosses chunks, and sends a chunk it covers end to end whole', () => {
    const spans = changedSpans([{ offset: 2 * MiB - 100, length: MiB + 200 }], MiB, 8 * MiB);
    expect([...spans.entries()]).toEqual([
      [1, { index: 1, start: MiB - 100, length: 100 }],
      [2, undefined],
      [3, { index: 3, start: 0, length: 100 }],
    ]);
  });

  it('cuts an area at the disk\'s end, where the last chunk is short', () => {
    const size = 2 * MiB + 1000;
    expect([...changedSpans([{ offset: 2 * MiB + 10, length: MiB }], MiB, size).entries()]).toEqual([[2, { index: 2, start: 10, length: 990 }]]);
    expect([...changedSpans([{ offset: 2 * MiB, length: MiB }], MiB, size).entries()]).toEqual([[2, undefined]]);
    expect(changedSpans([{ offset: 9 * MiB, length: 10 }], MiB, size).size).toBe(0);
  });

  it.each([
    ['another mode', [{ offset: 0, length: 1 }], TransferMode.TRANSFER_MODE_FULL, 'raw', /apply to TRANSFER_MODE_DELTA_CHANGED only/],
    ['a cache target', [{ offset: 0, length: 1 }], TransferMode.TRANSFER_MODE_DELTA_CHANGED, 'cache', /not taken by a cache target/],
    ['an empty range', [{ offset: 0, length: 0 }], TransferMode.TRANSFER_MODE_DELTA_CHANGED, 'raw', /changed_areas\[0\].*length of 1 or more/],
    ['a negative offset', [{ offset: -1, length: 4 }], TransferMode.TRANSFER_MODE_DELTA_CHANGED, 'raw', /offset of 0 or more/],
  ])('refuses changed areas with %s, naming the fix', (_name, areas, mode, format, message) => {
    expect(() => validateChangedAreas(areas, mode, format)).toThrow(ValidationError);
    expect(() => validateChangedAreas(areas, mode, format)).toThrow(message);
  });
});
