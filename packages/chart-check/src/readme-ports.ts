import type { ConfigSchema } from '@ferry/service-kit';

const ROW = /^\| ([a-z-]+) \| (\d+) \|(.*)\|\s*$/;
const PORT = /`([A-Z0-9_]+_PORT)` (\d+)/g;

/**
 * README's services table ("| service | ops port | other ports |") against the schemas: each
 * service's row names exactly its port settings with their defaults, so the README advertises no
 * port the code does not bind, and misses none.
 */
export function readmePortFindings(readme: string, schemas: ReadonlyMap<string, ConfigSchema>): string[] {
  const findings: string[] = [];
  const rows = new Map<string, Map<string, number>>();
  for (const line of readme.split('\n')) {
    const match = ROW.exec(line);
    if (match === null || !schemas.has(match[1]!)) continue;
    const ports = new Map([['OPS_PORT', Number(match[2])]]);
    for (const [, env, port] of match[3]!.matchAll(PORT)) ports.set(env!, Number(port));
    rows.set(match[1]!, ports);
  }
  for (const [service, schema] of schemas) {
    const advertised = rows.get(service);
    if (advertised === undefined) {
      findings.push(`README.md: the services table has no row for ${service}`);
      continue;
    }
    const declared = new Map(Object.values(schema).filter((f) => f.kind === 'port').map((f) => [f.env, Number(f.default)]));
    for (const [env, port] of advertised) {
      if (declared.get(env) !== port) findings.push(`README.md: ${service} advertises ${env} ${port}, but services/${service}/src/config.ts ${declared.has(env) ? `defaults it to ${declared.get(env)}` : 'has no such port setting'}`);
    }
    for (const [env, port] of declared) {
      if (!advertised.has(env)) findings.push(`README.md: the ${service} row does not list ${env} ${port} (services/${service}/src/config.ts)`);
    }
  }
  return findings;
}
