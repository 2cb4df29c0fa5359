// A refused request as the client reads it: INVALID_ARGUMENT "<field>: <what is wrong>; <the fix>",
// the field named as in the .proto (snake_case, with indexes: "network_map[0].target_network").
import { ValidationError } from '@ferry/errors';
import type { z } from 'zod';

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A zod issue path (protobufjs's camelCase keys) as the proto names the field. */
export function protoFieldOf(path: readonly (string | number)[]): string {
  const field = path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${snakeCase(key)}` : snakeCase(key)), '');
  return field || 'request';
}

/**
 * The first problem zod found, as a ValidationError. The schemas word their own messages; zod's
 * generic ones (a field of the wrong type) only reach callers that build requests by hand.
 */
export function validationErrorOf(error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  if (!issue) return new ValidationError('request', 'was refused without a reason; report this as a bug');
  const message = issue.code === 'custom' ? issue.message : `${issue.message}; send the field with the type the .proto declares`;
  return new ValidationError(protoFieldOf(issue.path), message);
}
