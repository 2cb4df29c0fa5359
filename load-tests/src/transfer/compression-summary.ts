import { levelName } from '@ferry/block-pipeline';
import type { ferry } from '@ferry/proto';

/** What a ferry full sync's TransferStatus says of its compression, for the bench's lines and JSON. */
export interface CompressionSummary {
  setting: string;
  /** Data chunks per level ("off" = not compressed). */
  levels: Record<string, number>;
  ratio: number;
  lastLevel: string;
}

export function compressionOf(status: ferry.dataplane.v1.TransferStatus): CompressionSummary {
  const levels = Object.fromEntries(status.chunksPerLevel.map(({ level, chunks }) => [levelName(level ?? 0), Number(chunks)]));
  return { setting: status.compression, levels, ratio: Math.round(status.compressionRatio * 100) / 100, lastLevel: levelName(status.compressionLevel) };
}

/** e.g. "adaptive: chunks per level 1×32 3×1017, ratio 2.74, last level 3". */
export function describeCompression(summary: CompressionSummary): string {
  const levels = Object.entries(summary.levels).map(([level, chunks]) => `${level}×${chunks}`).join(' ');
  return `${summary.setting}: chunks per level ${levels || '-'}, ratio ${summary.ratio.toFixed(2)}, last level ${summary.lastLevel}`;
}
