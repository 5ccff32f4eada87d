import { z } from 'zod';
import { DEFAULT_LIMITS } from './limits.js';

/**
 * Edge validation for every client command. Unknown fields are stripped; each rule names the
 * field it is about. Only the server imports this module at run time; the client uses the
 * inferred types.
 */

// C0 controls other than tab and newline, DEL, and bidi overrides that disguise text.
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
// Whitespace and zero-width characters: text made only of these is empty.
const INVISIBLE_ONLY = /^[\s\p{Default_Ignorable_Code_Point}]*$/u;

function safeText(max: number) {
  return z
    .string()
    .max(max, { message: `at most ${max} characters` })
    .refine((s) => s.isWellFormed(), { message: 'contains a lone surrogate' })
    .refine((s) => !FORBIDDEN_CHARS.test(s), { message: 'contains control characters' });
}

export const userIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.@:-]{0,63}$/, { message: 'must be 1–64 letters, digits or _.@:-' });

export const conversationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_:-]{1,64}$/, { message: 'not a conversation id' });

export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be 8–64 letters, digits, _ or -' });

const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const nameSchema = safeText(DEFAULT_LIMITS.maxNameLength).refine((s) => !INVISIBLE_ONLY.test(s), {
  message: 'must not be empty',
});

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Checks a JSON value for depth, key safety and size; returns the first problem found. */
function jsonProblem(value: unknown, depth: number): { path: (string | number)[]; message: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: [], message: 'must be finite' };
  if (depth >= DEFAULT_LIMITS.maxAttributesDepth) {
    return { path: [], message: `nested deeper than ${DEFAULT_LIMITS.maxAttributesDepth}` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonProblem(value[i], depth + 1);
      if (problem) return { path: [i, ...problem.path], message: problem.message };
    }
    return undefined;
  }
  if (typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) return { path: [key], message: 'reserved key' };
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) return { path: [key], message: 'keys must be 1–64 letters, digits, _ or -' };
      const problem = jsonProblem((value as Record<string, unknown>)[key], depth + 1);
      if (problem) return { path: [key, ...problem.path], message: problem.message };
    }
    return undefined;
  }
  return { path: [], message: 'not a JSON value' };
}

export const attributesSchema = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    message: 'must be an object',
  })
  .superRefine((value, ctx) => {
    const problem = jsonProblem(value, 0);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      return;
    }
    if (new TextEncoder().encode(JSON.stringify(value)).length > DEFAULT_LIMITS.maxAttributesBytes) {
      // `too_big`, so it is answered like any other size limit (PAYLOAD_TOO_LARGE).
      ctx.addIssue({
        code: 'too_big',
        origin: 'string',
        maximum: DEFAULT_LIMITS.maxAttributesBytes,
        message: `larger than ${DEFAULT_LIMITS.maxAttributesBytes} bytes`,
      });
    }
  })
  // A structured clone of plain JSON: no prototype tricks survive into services.
  .transform((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);

export const createConversationSchema = z.object({
  members: z.array(userIdSchema).max(10_000, { message: 'too many members' }),
  name: nameSchema.optional(),
  unique: z.boolean().optional(),
  attributes: attributesSchema.optional(),
});

export const conversationListSchema = z.object({
  limit: z.number().int().min(1).max(DEFAULT_LIMITS.maxConversationPageSize).optional(),
  /** The `next` of the previous page. */
  cursor: z.string().regex(/^\d{1,16}:[A-Za-z0-9_:-]{1,64}$/, { message: 'not a cursor' }).optional(),
});

export const conversationIdPayloadSchema = z.object({ cid: conversationIdSchema });

export const readSchema = z.object({
  cid: conversationIdSchema,
  /** Read up to this `seq`; the newest message when absent. */
  seq: seqSchema.optional(),
});

export const sendMessageSchema = z
  .object({
    cid: conversationIdSchema,
    clientId: clientIdSchema,
    type: z.literal(-1),
    text: safeText(DEFAULT_LIMITS.maxTextLength),
    attributes: attributesSchema.optional(),
  })
  .refine((m) => !INVISIBLE_ONLY.test(m.text), { path: ['text'], message: 'must not be empty' });

export const historySchema = z
  .object({
    cid: conversationIdSchema,
    /** Messages with `seq` greater than this, oldest first. */
    afterSeq: seqSchema.optional(),
    /** Messages with `seq` lower than this, oldest first. */
    beforeSeq: seqSchema.optional(),
    limit: z.number().int().min(1).max(DEFAULT_LIMITS.maxHistoryPageSize).optional(),
  })
  .refine((q) => q.afterSeq === undefined || q.beforeSeq === undefined, {
    path: ['beforeSeq'],
    message: 'use afterSeq or beforeSeq, not both',
  });

export type CreateConversationPayload = z.input<typeof createConversationSchema>;
export type ConversationListPayload = z.input<typeof conversationListSchema>;
export type ConversationIdPayload = z.input<typeof conversationIdPayloadSchema>;
export type ReadPayload = z.input<typeof readSchema>;
export type SendMessagePayload = z.input<typeof sendMessageSchema>;
export type HistoryPayload = z.input<typeof historySchema>;
