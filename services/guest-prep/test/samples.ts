import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real-world sample network file from test/fixtures/net (for the writers' unit tests). */
export function sample(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', 'net', name), 'utf8');
}
