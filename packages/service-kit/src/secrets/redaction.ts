// Secret values a process holds (vCenter and guest passwords, CHAP secrets, its NATS seed, API keys)
// are registered here once read; whatever the process writes to stdout or stderr, and every error it
// sends to a peer, has them replaced by [redacted]. Code still should not log secrets: this is the net
// under the rule, so one careless message or a server echoing a request does not leak them.

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';
/** Shorter values are not redacted: they would blank out ordinary words (and are too weak to be secrets). */
const MIN_SECRET_LENGTH = 6;

const secrets = new Set<string>();
let pattern: RegExp | undefined;

const escape = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Remembers a secret value (and its base64 and URL-encoded forms) for redaction; empty or short values are ignored. */
export function registerSecret(value: string | Buffer | null | undefined): void {
  if (value === undefined || value === null) return;
  const text = (typeof value === 'string' ? value : value.toString('utf8')).trim();
  if (text.length < MIN_SECRET_LENGTH) return;
  for (const form of [text, Buffer.from(text).toString('base64'), encodeURIComponent(text)]) secrets.add(form);
  // Longest first, so a secret that contains another is replaced whole.
  pattern = new RegExp([...secrets].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
}

/** The text with every registered secret replaced by [redacted]. */
export function redact(text: string): string {
  return pattern === undefined ? text : text.replace(pattern, REDACTED);
}

let installed = false;

/** Makes every write to this process's stdout and stderr go through redact() (once per process). */
export function redactProcessOutput(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      if (pattern === undefined) return write(chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : undefined;
      return write(text === undefined ? chunk : redact(text), ...rest);
    }) as typeof stream.write;
  }
}

/** Config variables whose values are secrets by their name. */
export const SECRET_VARIABLE = /(PASSWORD|SECRET|TOKEN|_KEY)$/;
