import { badCharacterIn, plainText, shown } from './text';

describe('plain text rule', () => {
  const label = plainText(10, 'use a short label');
  const problem = (value: string) => {
    const result = label.safeParse(value);
    return result.success ? undefined : result.error.issues[0]?.message;
  };

  it('takes printable text of at most the limit in characters (not UTF-16 units), and empty text', () => {
    expect(problem('wave 1')).toBeUndefined();
    expect(problem('')).toBeUndefined();
    expect(problem('🚢🚢🚢🚢🚢🚢🚢🚢🚢🚢')).toBeUndefined(); // 10 characters, 20 UTF-16 units
    expect(problem('Ünïcödé ok')).toBeUndefined();
  });

  it('refuses text over the limit, saying its length and the limit', () => {
    expect(problem('x'.repeat(11))).toBe('is 11 characters long, more than 10 ("xxxxxxxxxxx"); use a short label');
    expect(problem('y'.repeat(70))).toBe(`is 70 characters long, more than 10 ("${'y'.repeat(60)}…"); use a short label`);
  });

  it('refuses NUL, other C0/C1 controls, DEL and line separators, naming the code point and where', () => {
    expect(problem('a\u0000b')).toBe('"a\\u0000b" contains the control character U+0000 at character 2; remove it (use a short label)');
    expect(problem('a\nb')).toContain('U+000A at character 2');
    expect(problem('a\u007f')).toContain('U+007F');
    expect(problem('a\u0085')).toContain('U+0085');
    expect(problem('a\u2028')).toContain('U+2028');
  });

  it('refuses every bidirectional control, quoting the value with it escaped', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f']) {
      expect(problem(`ab${c}c`)).toMatch(new RegExp(`^"ab\\\\u${c.charCodeAt(0).toString(16)}c" contains the bidirectional control U\\+${c.charCodeAt(0).toString(16).toUpperCase()} at character 3`));
    }
    expect(badCharacterIn('ok')).toBeUndefined();
  });

  it('refuses an unpaired surrogate (bytes that were not valid UTF-8), quoting it escaped, and takes a paired one', () => {
    expect(problem('a\ud800b')).toBe('"a\\ud800b" contains the unpaired surrogate U+D800 at character 2 (the bytes sent are not valid UTF-8); remove it (use a short label)');
    expect(problem('\udfff')).toContain('U+DFFF at character 1');
    expect(problem('ship \ud83d\udea2')).toBeUndefined(); // U+1F6A2, a pair
    expect(() => encodeURI(shown('a\udc00b\u202e'))).not.toThrow();
  });

  it('shows a long value cut after 60 characters with its length', () => {
    expect(shown('y'.repeat(300))).toBe(`"${'y'.repeat(60)}…" (300 characters)`);
  });
});
