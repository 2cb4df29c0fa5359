import { formatCompressionSetting, LEVEL_OFF, parseCompressionSetting } from './compression-setting';

describe('a compression setting (COMPRESSION_LEVEL, SealSpec.compression)', () => {
  it.each([
    ['adaptive', 'adaptive'],
    ['off', LEVEL_OFF],
    ['-5', -5],
    [' 3 ', 3],
    ['19', 19],
  ] as const)('reads %j', (text, setting) => {
    expect(parseCompressionSetting(text)).toBe(setting);
    expect(parseCompressionSetting(formatCompressionSetting(setting))).toBe(setting);
  });

  it.each(['', 'fast', '2.5', '-8', '20'])('refuses %j, naming the variable and what to give', (text) => {
    expect(() => parseCompressionSetting(text)).toThrow(/COMPRESSION_LEVEL=.* is not a compression setting; give "adaptive", "off" or a zstd level from -7 to 19 other than 0/);
  });

  it('refuses 0, which zstd reads as its default level, saying so', () => {
    expect(() => parseCompressionSetting('0', 'seal.compression')).toThrow(/seal.compression="0" .*zstd's default level, which is 3: give 3, or "off"/);
  });
});
