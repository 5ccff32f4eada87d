import { z } from 'zod';
import { DEFAULT_LIMITS } from './limits.js';
import { clientIdSchema, conversationIdSchema, userIdSchema } from './schemas.js';

/** Edge validation for customer service commands (see support-events.ts). */

const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

function plainText(max: number) {
  return z
    .string()
    .max(max, { message: `at most ${max} characters` })
    .refine((s) => s.isWellFormed(), { message: 'contains a lone surrogate' })
    .refine((s) => !FORBIDDEN_CHARS.test(s), { message: 'contains control characters' });
}

const nonEmpty = (max: number) => plainText(max).refine((s) => s.trim().length > 0, { message: 'must not be empty' });

export const departmentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'not a department id' });

const urlSchema = plainText(2000).refine((s) => /^https?:\/\//.test(s), { message: 'must be an http(s) URL' });

export const visitorInfoSchema = z.object({
  pageUrl: urlSchema.optional(),
  pageTitle: plainText(300).optional(),
  referrer: urlSchema.optional(),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, { message: 'not a language tag' }).optional(),
});

export const formSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_]{1,40}$/, { message: 'not a field name' }), plainText(1000))
  .refine((form) => Object.keys(form).length <= 20, { message: 'at most 20 fields' });

export const supportStartSchema = z.object({
  department: departmentIdSchema.optional(),
  form: formSchema.optional(),
  info: visitorInfoSchema.optional(),
  /** The visitor's first message, sent as they open the conversation. */
  message: z.object({ text: nonEmpty(DEFAULT_LIMITS.maxTextLength), clientId: clientIdSchema }).optional(),
});

export const supportCidSchema = z.object({ cid: conversationIdSchema });

export const supportRateSchema = z.object({
  cid: conversationIdSchema,
  score: z.number().int().min(1).max(5),
  comment: plainText(1000).optional(),
});

export const offlineMessageSchema = z.object({
  email: z.email({ message: 'not an email address' }).max(254),
  text: nonEmpty(DEFAULT_LIMITS.maxTextLength),
  name: plainText(100).optional(),
  department: departmentIdSchema.optional(),
  pageUrl: urlSchema.optional(),
});

export const availabilitySchema = z.object({ status: z.enum(['available', 'away']) });

export const emptySchema = z.object({});

export const queueSchema = z.object({ department: departmentIdSchema.optional() });

export const agentListSchema = z.object({ status: z.enum(['active', 'closed']).optional() });

export const transferSchema = z.object({ cid: conversationIdSchema, to: userIdSchema });

export const noteSchema = z.object({ cid: conversationIdSchema, text: nonEmpty(5000) });

export type SupportStartPayload = z.input<typeof supportStartSchema>;
export type SupportCidPayload = z.input<typeof supportCidSchema>;
export type SupportRatePayload = z.input<typeof supportRateSchema>;
export type OfflineMessagePayload = z.input<typeof offlineMessageSchema>;
export type AvailabilityPayload = z.input<typeof availabilitySchema>;
export type QueuePayload = z.input<typeof queueSchema>;
export type AgentListPayload = z.input<typeof agentListSchema>;
export type TransferPayload = z.input<typeof transferSchema>;
export type NotePayload = z.input<typeof noteSchema>;
