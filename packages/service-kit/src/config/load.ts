import { ValidationError } from '@ferry/errors';
import type { Field } from './fields';

/** A service's config schema: config key -> field. */
export type ConfigSchema = Record<string, Field<unknown>>;

/** The typed config object a schema produces. */
export type ConfigOf<S extends ConfigSchema> = { readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Declares a schema; only there so the schema's field types are inferred exactly. */
export function defineConfig<S extends ConfigSchema>(schema: S): S {
  return schema;
}

/** A config value was missing or wrong; the message names every bad variable, its value and what is expected. */
export class ConfigError extends ValidationError {
  constructor(readonly problems: readonly string[]) {
    super(
      'environment',
      `invalid configuration:\n  ${problems.join('\n  ')}\nSet the variables to valid values (or unset them to use the defaults) and start again.`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads every field of the schema from `env` once; throws ConfigError listing all problems together. */
export function loadConfig<S extends ConfigSchema>(schema: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, field] of Object.entries(schema)) {
    const raw = env[field.env];
    if (raw === undefined || raw === '') {
      if (field.default === undefined) problems.push(`${field.env} is not set: expected ${field.expected} (${field.doc})`);
      else values[key] = field.default;
      continue;
    }
    const parsed = field.parse(raw);
    if (parsed === undefined) problems.push(`${field.env}=${JSON.stringify(raw)} is invalid: expected ${field.expected} (${field.doc})`);
    else values[key] = parsed;
  }
  if (problems.length) throw new ConfigError(problems);
  return values as ConfigOf<S>;
}

/** One line per field, for `--help`-style listings and the start-up log. */
export function describeConfig(schema: ConfigSchema): string[] {
  return Object.values(schema).map(
    (f) => `${f.env}${f.default === undefined ? ' (required)' : `=${String(f.default)}`}: ${f.doc}; ${f.expected}`,
  );
}
