import { ValidationError } from '@ferry/errors';
import type { StreamRef } from './types';

const AGGREGATE = /^[a-z][a-z0-9-]{0,63}$/;
const ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The subject of an aggregate's events: `<prefix>.<aggregate>.<id>`; validates both tokens. */
export function subjectOf(prefix: string, stream: StreamRef): string {
  if (!AGGREGATE.test(stream.aggregate)) {
    throw new ValidationError('aggregate', `"${stream.aggregate}" is not a valid aggregate type; use lowercase letters, digits and '-' (e.g. "migration")`);
  }
  if (!ID.test(stream.id)) {
    throw new ValidationError('id', `"${stream.id}" is not a valid aggregate id; use 1-128 letters, digits, '-' or '_' (it becomes one NATS subject token)`);
  }
  return `${prefix}.${stream.aggregate}.${stream.id}`;
}

/** The aggregate a subject belongs to, or undefined when the subject is not `<prefix>.<aggregate>.<id>`. */
export function parseSubject(prefix: string, subject: string): StreamRef | undefined {
  if (!subject.startsWith(`${prefix}.`)) return undefined;
  const tokens = subject.slice(prefix.length + 1).split('.');
  const [aggregate, id] = tokens;
  if (tokens.length !== 2 || aggregate === undefined || id === undefined) return undefined;
  return { aggregate, id };
}
