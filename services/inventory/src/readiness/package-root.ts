import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The inventory package folder (holds rules/ and data/), from src/ under jest and from dist/src/ when built. */
export function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`inventory: no package.json above ${from}; rules/ and data/ are found next to it`);
    dir = parent;
  }
  return dir;
}
