import { z } from 'zod';
import { DEFAULT_LIMITS, HARD_LIMITS, MAX_CUSTOM_MESSAGE_TYPE, MessageType } from './limits.js';

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
  /** The creator's key: the same create sent again answers the conversation it made. */
  clientId: clientIdSchema.optional(),
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

const priorityValues = ['high', 'normal', 'low'] as const;

/** An upload of the sender's, by the id the upload endpoint answered with. */
const fileReferenceSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, { message: 'not an upload id' }),
  /** What the sender's browser measured; the server's own measure of an image wins. */
  width: z.number().int().min(1).max(100_000).optional(),
  height: z.number().int().min(1).max(100_000).optional(),
  /** Seconds. */
  duration: z.number().min(0).max(7 * 24 * 3600).optional(),
});

const locationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  label: safeText(200).optional(),
});

/** Fields a message's content may have; which ones a type needs is checked by `contentProblem`. */
const contentFields = {
  text: safeText(HARD_LIMITS.maxTextLength).optional(),
  attributes: attributesSchema.optional(),
  file: fileReferenceSchema.optional(),
  location: locationSchema.optional(),
  /** A custom type's own fields. */
  fields: attributesSchema.optional(),
  mentionList: z.array(userIdSchema).max(DEFAULT_LIMITS.maxMentions, { message: `at most ${DEFAULT_LIMITS.maxMentions} ids` }).optional(),
  mentionAll: z.boolean().optional(),
};

type ContentFields = { type: number; text?: string; file?: unknown; location?: unknown; fields?: unknown; attributes?: unknown };

const FILE_TYPES: ReadonlySet<number> = new Set([MessageType.IMAGE, MessageType.AUDIO, MessageType.VIDEO, MessageType.FILE]);

/** True for a type a client may send: a built-in one (not `recalled`) or a custom one. */
export function isSendableType(type: number): boolean {
  if (type > 0) return type <= MAX_CUSTOM_MESSAGE_TYPE;
  return type !== MessageType.RECALLED && (Object.values(MessageType) as number[]).includes(type);
}

/** Which fields each type needs and refuses; answers the first problem with its field. */
export function contentProblem(m: ContentFields): { field: string; message: string } | undefined {
  const visibleText = m.text !== undefined && !INVISIBLE_ONLY.test(m.text);
  if (m.text !== undefined && !visibleText) return { field: 'text', message: 'must not be empty' };
  const refuse = (...names: ('file' | 'location' | 'fields')[]) => {
    const present = names.find((name) => m[name] !== undefined);
    return present ? { field: present, message: `not allowed for type ${m.type}` } : undefined;
  };
  if (m.type === MessageType.TEXT) return visibleText ? refuse('file', 'location', 'fields') : { field: 'text', message: 'required' };
  if (FILE_TYPES.has(m.type)) return m.file === undefined ? { field: 'file', message: 'required' } : refuse('location', 'fields');
  if (m.type === MessageType.LOCATION) return m.location === undefined ? { field: 'location', message: 'required' } : refuse('file', 'fields');
  // Custom types: their own fields, text and attributes; an empty one says nothing.
  if (!visibleText && m.fields === undefined && m.attributes === undefined) return { field: 'fields', message: 'required' };
  return refuse('file', 'location');
}

function checkContent(m: ContentFields, ctx: z.RefinementCtx): void {
  const problem = contentProblem(m);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
}

export const sendMessageSchema = z
  .object({
    cid: conversationIdSchema,
    clientId: clientIdSchema,
    type: z.number().int().refine(isSendableType, {
      message: 'built-in types are -1 to -6 (negative numbers are reserved); custom types are positive',
    }),
    ...contentFields,
    /** Ask for a delivery receipt (1:1 conversations). */
    receipt: z.boolean().optional(),
    /** Relay to online members only; never stored. */
    transient: z.boolean().optional(),
    /** Hold until the sender disconnects abnormally, then send. */
    will: z.boolean().optional(),
    /** Chat rooms only. */
    priority: z.enum(priorityValues).optional(),
    /** Custom offline push payload. */
    pushData: attributesSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.transient && m.will) ctx.addIssue({ code: 'custom', path: ['will'], message: 'a will cannot be transient' });
    checkContent(m, ctx);
  });

/** A new version of a message's content; its type and file stay as they are. */
export const updateMessageSchema = z
  .object({
    cid: conversationIdSchema,
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'not a message id' }),
    text: contentFields.text,
    attributes: contentFields.attributes,
    location: contentFields.location,
    fields: contentFields.fields,
    mentionList: contentFields.mentionList,
    mentionAll: contentFields.mentionAll,
  })
  .refine((m) => m.text === undefined || !INVISIBLE_ONLY.test(m.text), { path: ['text'], message: 'must not be empty' });

export const recallMessageSchema = z.object({
  cid: conversationIdSchema,
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'not a message id' }),
});

/** A device received everything up to `seq` (delivery receipts). */
export const ackMessagesSchema = z.object({ cid: conversationIdSchema, seq: seqSchema });

/** Changes (recalls, edits) after a cursor: `<ms>:<message id>`, the id part may be empty. */
export const patchesSchema = z.object({
  after: z.string().regex(/^\d{1,16}:[A-Za-z0-9_-]{0,64}$/, { message: 'not a cursor' }),
  limit: z.number().int().min(1).max(DEFAULT_LIMITS.maxHistoryPageSize).optional(),
});

const timeSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const historySchema = z
  .object({
    cid: conversationIdSchema,
    /** Messages with `seq` greater than this, oldest first. */
    afterSeq: seqSchema.optional(),
    /** Messages with `seq` lower than this, oldest first. */
    beforeSeq: seqSchema.optional(),
    /** Messages sent after this time (ms), read forward. */
    afterTime: timeSchema.optional(),
    /** Messages sent before this time (ms), read backward. */
    beforeTime: timeSchema.optional(),
    /** Only messages of this type (e.g. -2 for images). */
    type: z.number().int().min(-127).max(MAX_CUSTOM_MESSAGE_TYPE).optional(),
    limit: z.number().int().min(1).max(DEFAULT_LIMITS.maxHistoryPageSize).optional(),
  })
  .refine((q) => q.afterSeq === undefined || q.beforeSeq === undefined, {
    path: ['beforeSeq'],
    message: 'use afterSeq or beforeSeq, not both',
  })
  .refine((q) => (q.afterSeq ?? q.afterTime) === undefined || (q.beforeSeq ?? q.beforeTime) === undefined, {
    path: ['beforeTime'],
    message: 'read forward (after…) or backward (before…), not both',
  })
  .refine((q) => q.afterSeq === undefined || q.afterTime === undefined, { path: ['afterTime'], message: 'use afterSeq or afterTime' })
  .refine((q) => q.beforeSeq === undefined || q.beforeTime === undefined, { path: ['beforeTime'], message: 'use beforeSeq or beforeTime' });

/** A browser's PushSubscription, as `subscription.toJSON()` gives it. */
export const pushSubscribeSchema = z.object({
  endpoint: z.string().max(2048).url({ message: 'not a URL' }),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{40,200}=*$/, { message: 'not a key' }),
    auth: z.string().regex(/^[A-Za-z0-9_-]{8,64}=*$/, { message: 'not a key' }),
  }),
});

export const pushUnsubscribeSchema = z.object({ endpoint: z.string().max(2048) });

export const emptySchema = z.object({});

/** Which of these users have a connection open now. */
export const onlineQuerySchema = z.object({
  users: z
    .array(userIdSchema)
    .min(1, { message: 'at least one id' })
    .max(DEFAULT_LIMITS.maxOnlineQuery, { message: `at most ${DEFAULT_LIMITS.maxOnlineQuery} ids` }),
});

/** The names and pictures of these users. */
export const profileQuerySchema = z.object({
  users: z
    .array(userIdSchema)
    .min(1, { message: 'at least one id' })
    .max(DEFAULT_LIMITS.maxProfileQuery, { message: `at most ${DEFAULT_LIMITS.maxProfileQuery} ids` }),
});

/** People the user shares a conversation with, whose name or id contains `text`. */
export const peopleSearchSchema = z.object({
  text: nameSchema,
  limit: z.number().int().min(1).max(DEFAULT_LIMITS.maxPeopleSearchSize).default(DEFAULT_LIMITS.peopleSearchSize),
});

/** A fresh token for the same user, so the connection outlives the token it was opened with. */
export const sessionRenewSchema = z.object({
  token: z.string().min(1, { message: 'required' }).max(4096, { message: 'at most 4096 characters' }),
});

export type CreateConversationPayload = z.input<typeof createConversationSchema>;
export type ConversationListPayload = z.input<typeof conversationListSchema>;
export type ConversationIdPayload = z.input<typeof conversationIdPayloadSchema>;
export type ReadPayload = z.input<typeof readSchema>;
export type SendMessagePayload = z.input<typeof sendMessageSchema>;
export type HistoryPayload = z.input<typeof historySchema>;
export type UpdateMessagePayload = z.input<typeof updateMessageSchema>;
export type RecallMessagePayload = z.input<typeof recallMessageSchema>;
export type AckMessagesPayload = z.input<typeof ackMessagesSchema>;
export type PatchesPayload = z.input<typeof patchesSchema>;
export type PushSubscribePayload = z.input<typeof pushSubscribeSchema>;
export type PushUnsubscribePayload = z.input<typeof pushUnsubscribeSchema>;
export type OnlineQueryPayload = z.input<typeof onlineQuerySchema>;
export type ProfileQueryPayload = z.input<typeof profileQuerySchema>;
export type PeopleSearchPayload = z.input<typeof peopleSearchSchema>;
export type SessionRenewPayload = z.input<typeof sessionRenewSchema>;

// Shared with the conversation schemas (conversation-schemas.ts).
export { nameSchema, safeText, jsonProblem as jsonValueProblem, RESERVED_KEYS };
