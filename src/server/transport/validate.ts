import type { z } from 'zod';
import { ChatError } from '../../protocol/chat-error.js';

/** Parses a payload against its schema, or throws a typed error naming the first bad field. */
export function validate<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ChatError('INVALID_PAYLOAD', 'The payload must be an object', { field: '' });
  }
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  // Too long or too many is "too large"; a number out of range is simply invalid.
  const tooBig = issue.code === 'too_big' && issue.origin !== 'number' && issue.origin !== 'bigint';
  return fail(tooBig ? 'PAYLOAD_TOO_LARGE' : 'INVALID_PAYLOAD', `${field || 'payload'}: ${issue.message}`, field);
}

function fail(name: 'PAYLOAD_TOO_LARGE' | 'INVALID_PAYLOAD', message: string, field: string): never {
  throw new ChatError(name, message, { field });
}
