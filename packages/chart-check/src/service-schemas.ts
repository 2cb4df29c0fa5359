import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IllegalStateError } from '@ferry/errors';
import type { ConfigSchema } from '@ferry/service-kit';
import { SERVICES_DIR } from './paths';

/** Every service with a config schema, as services/<name>/src/config.ts files. */
export function serviceConfigFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(SERVICES_DIR).sort()) {
    const file = join(SERVICES_DIR, name, 'src', 'config.ts');
    if (existsSync(file)) files.set(name, file);
  }
  return files;
}

/**
 * Loads each service's `config` export with `load` (the caller's module loader: jest runs the
 * TypeScript sources), so the checks follow the schemas as they are today.
 */
export async function loadServiceSchemas(load: (file: string) => Promise<unknown>): Promise<Map<string, ConfigSchema>> {
  const schemas = new Map<string, ConfigSchema>();
  for (const [name, file] of serviceConfigFiles()) {
    const module = (await load(file)) as { config?: ConfigSchema };
    if (module.config === undefined) throw new IllegalStateError(`${file} exports no \`config\` schema; export it as \`export const config = defineConfig({...})\``);
    schemas.set(name, module.config);
  }
  return schemas;
}
