/**
 * The level given to a chunk compressor meaning "do not compress": chunks travel raw. zstd itself
 * reads 0 as "its default level"; ferry never hands 0 to zstd, so the value is free for this.
 */
export const LEVEL_OFF = 0;

/** zstd levels a setting may pin: its fast negative levels down to -7, up to 19 (above needs zstd's "ultra" mode). */
export const MIN_PINNED_LEVEL = -7;
export const MAX_PINNED_LEVEL = 19;

/**
 * How a sending session compresses: `adaptive` lets the sender move the level with what bounds the
 * stream (AdaptiveLevel); a number pins that zstd level for every chunk (LEVEL_OFF: no compression).
 */
export type CompressionSetting = 'adaptive' | number;

/**
 * Parses a setting as COMPRESSION_LEVEL and SealSpec.compression spell it: "adaptive", "off", or a
 * zstd level from -7 to 19 other than 0. Throws an Error naming `name`, the value and what to give.
 */
export function parseCompressionSetting(text: string, name = 'COMPRESSION_LEVEL'): CompressionSetting {
  const value = text.trim();
  if (value === 'adaptive') return 'adaptive';
  if (value === 'off') return LEVEL_OFF;
  const level = Number(value);
  if (value === '' || !Number.isInteger(level) || level < MIN_PINNED_LEVEL || level > MAX_PINNED_LEVEL || level === 0) {
    const zero = level === 0 && value !== '' ? ' (0 would be zstd\'s default level, which is 3: give 3, or "off" for none)' : '';
    throw new Error(`${name}=${JSON.stringify(text)} is not a compression setting${zero}; give "adaptive", "off" or a zstd level from ${MIN_PINNED_LEVEL} to ${MAX_PINNED_LEVEL} other than 0`);
  }
  return level;
}

/** The setting as parseCompressionSetting reads it back, e.g. for SealSpec.compression. */
export function formatCompressionSetting(setting: CompressionSetting): string {
  return setting === LEVEL_OFF ? 'off' : String(setting);
}

/** A level for logs and metric labels: "off" or the zstd level. */
export function levelName(level: number): string {
  return level === LEVEL_OFF ? 'off' : String(level);
}
