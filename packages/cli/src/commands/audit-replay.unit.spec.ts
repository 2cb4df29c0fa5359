import { parseUntil } from './audit-replay';

describe('ferry audit replay --until', () => {
  it('takes a stream sequence or a time, and refuses anything else naming both forms', () => {
    expect(parseUntil('42')).toEqual({ untilSequence: 42 });
    expect(parseUntil('2026-12-04T10:00:00Z')).toEqual({ untilTime: { unixMillis: Date.UTC(2026, 11, 4, 10) } });
    expect(() => parseUntil('yesterday')).toThrow(/"yesterday" is neither a stream sequence .* nor a time such as 2026-12-04T10:00:00Z/);
  });
});
