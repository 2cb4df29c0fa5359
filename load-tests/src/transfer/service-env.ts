/**
 * FERRY_BENCH_SERVICE_ENV: more environment for every service the bench starts, as
 * `NAME=value,NAME=value` (e.g. `MALLOC_ARENA_MAX=2`, which glibc reads only when a process starts).
 */
export function serviceEnv(text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter((p) => p.trim() !== '')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(pair);
    if (match === null) throw new Error(`FERRY_BENCH_SERVICE_ENV: "${pair}" is not NAME=value; give pairs such as MALLOC_ARENA_MAX=2,FOO=bar`);
    env[match[1]!] = match[2]!;
  }
  return env;
}
