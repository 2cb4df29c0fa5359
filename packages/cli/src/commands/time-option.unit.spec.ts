import { isoInstant } from './time-option';

describe('--start-at / --at', () => {
  const parse = isoInstant('--start-at');
  it('reads an ISO time with a zone as unix milliseconds', () => {
    expect(parse('2026-12-04T22:00:00Z')).toBe(Date.UTC(2026, 11, 4, 22));
    expect(parse('2026-12-04T23:00+01:00')).toBe(Date.UTC(2026, 11, 4, 22));
    expect(parse('2026-12-04T22:00:00.250Z')).toBe(Date.UTC(2026, 11, 4, 22, 0, 0, 250));
  });
  it('refuses a time without a zone, a date alone, or no time at all, showing the form', () => {
    for (const bad of ['2026-12-04T22:00:00', '2026-12-04', 'tonight', '2026-13-04T22:00:00Z']) {
      expect(() => parse(bad)).toThrow(`"${bad}" is not an ISO time with a zone; write e.g. --start-at 2026-12-04T22:00:00Z`);
    }
  });
});
