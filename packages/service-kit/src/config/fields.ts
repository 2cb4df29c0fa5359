/**
 * Typed config fields. Each field names its environment variable, parses the raw string and says
 * what it expects, so a bad value can be reported as "VARIABLE=value: expected ...".
 */
export interface Field<T> {
  /** The field's kind, so tools (the test harness, docs) can treat e.g. every port alike. */
  readonly kind: 'int' | 'port' | 'string' | 'url' | 'boolean' | 'enum' | 'path';
  /** The environment variable this field is read from. */
  readonly env: string;
  /** Used when the variable is unset or empty; no default means the variable is required. */
  readonly default?: T;
  /** What the value is for, shown next to errors. */
  readonly doc: string;
  /** What a valid value looks like, for the error message. */
  readonly expected: string;
  /** Parses the raw string; returns undefined when it is not valid. */
  parse(raw: string): T | undefined;
}

interface FieldOptions<T> {
  env: string;
  default?: T;
  doc: string;
}

function field<T>(kind: Field<T>['kind'], options: FieldOptions<T>, expected: string, parse: (raw: string) => T | undefined): Field<T> {
  return { kind, env: options.env, default: options.default, doc: options.doc, expected, parse };
}

function parseInteger(raw: string): number | undefined {
  return /^[+-]?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

/** An integer within [min, max]. */
export function int(options: FieldOptions<number> & { min?: number; max?: number }): Field<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return field('int', options, `an integer from ${min} to ${max}`, (raw) => {
    const value = parseInteger(raw);
    return value !== undefined && value >= min && value <= max ? value : undefined;
  });
}

/** A TCP port, 0-65535 (0 lets the OS choose, which tests use). */
export function port(options: FieldOptions<number>): Field<number> {
  return field('port', options, 'a TCP port number from 0 to 65535', (raw) => {
    const value = parseInteger(raw);
    return value !== undefined && value >= 0 && value <= 65535 ? value : undefined;
  });
}

/** Any non-empty string. */
export function string(options: FieldOptions<string>): Field<string> {
  return field('string', options, 'a non-empty string', (raw) => (raw.length > 0 ? raw : undefined));
}

/** A URL whose scheme is one of `protocols` (for example ['nats:', 'tls:']). */
export function url(options: FieldOptions<string> & { protocols?: readonly string[] }): Field<string> {
  const protocols = options.protocols ?? [];
  const schemes = protocols.length ? ` with scheme ${protocols.map((p) => p.replace(/:$/, '://')).join(' or ')}` : '';
  return field('url', options, `a URL${schemes}, e.g. ${options.default ?? 'nats://127.0.0.1:4222'}`, (raw) => {
    try {
      const parsed = new URL(raw);
      return protocols.length === 0 || protocols.includes(parsed.protocol) ? raw : undefined;
    } catch {
      return undefined;
    }
  });
}

/**
 * One URL or a comma-separated list of them (every node of a cluster), each with a scheme of
 * `protocols`. The value is kept as given; split it with {@link urlList}.
 */
export function urls(options: FieldOptions<string> & { protocols?: readonly string[] }): Field<string> {
  const one = url(options);
  return field('url', options, `${one.expected}, or several separated by commas (one per cluster node)`, (raw) =>
    urlList(raw).length > 0 && urlList(raw).every((item) => one.parse(item) !== undefined) ? raw : undefined,
  );
}

/** The URLs of a comma-separated list (blanks dropped). */
export function urlList(raw: string): string[] {
  return raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** true/false (also 1/0, yes/no, on/off). */
export function boolean(options: FieldOptions<boolean>): Field<boolean> {
  return field('boolean', options, `one of ${[...TRUE, ...FALSE].join(', ')}`, (raw) => {
    const value = raw.trim().toLowerCase();
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    return undefined;
  });
}

/** One of a fixed set of words. */
export function oneOf<const T extends string>(options: FieldOptions<T> & { values: readonly T[] }): Field<T> {
  return field('enum', options, `one of ${options.values.join(', ')}`, (raw) =>
    (options.values as readonly string[]).includes(raw) ? (raw as T) : undefined,
  );
}

/** A file system path; `absolute: true` rejects relative paths (services are started from anywhere). */
export function path(options: FieldOptions<string> & { absolute?: boolean }): Field<string> {
  return field('path', options, options.absolute ? 'an absolute path' : 'a file system path', (raw) => {
    if (raw.length === 0 || raw.includes('\0')) return undefined;
    return options.absolute && !raw.startsWith('/') ? undefined : raw;
  });
}
