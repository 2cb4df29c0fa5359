import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serviceBase, type ConfigSchema } from '@ferry/service-kit';
import { REPO, SERVICES_DIR } from './paths';

/** The TypeScript sources of a folder, without tests. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Code that reads the settings every service has: the service kit (runService, the ops server). */
const SERVICE_KIT_SRC = join(REPO, 'packages', 'service-kit', 'src');
const BASE_KEYS = new Set(Object.keys(serviceBase({ opsPort: 0 })));

/**
 * Port settings that no code reads: a `port` field of services/<name>/src/config.ts whose key
 * appears in none of the service's other sources (nor the service kit, for the common fields).
 * Such a port is advertised (README, chart, docs) but nothing binds it.
 */
export function unreadPortSettings(schemas: ReadonlyMap<string, ConfigSchema>): string[] {
  const findings: string[] = [];
  const kit = sources(SERVICE_KIT_SRC).map((file) => readFileSync(file, 'utf8'));
  for (const [service, schema] of schemas) {
    const srcDir = join(SERVICES_DIR, service, 'src');
    const code = sources(srcDir)
      .filter((file) => file !== join(srcDir, 'config.ts'))
      .map((file) => readFileSync(file, 'utf8'));
    for (const [key, field] of Object.entries(schema)) {
      if (field.kind !== 'port') continue;
      const read = new RegExp(`\\b${key}\\b`);
      if (code.some((text) => read.test(text)) || (BASE_KEYS.has(key) && kit.some((text) => read.test(text)))) continue;
      findings.push(`services/${service}: ${field.env} (${key}, default ${String(field.default)}) is a port setting no code reads; bind it where the service serves it, or remove it from src/config.ts, README.md and charts/ferry`);
    }
  }
  return findings;
}
