import { z } from 'zod';
import { DEFAULT_LIMITS } from './limits.js';
import {
  attributesSchema,
  conversationIdSchema,
  jsonValueProblem,
  nameSchema,
  RESERVED_KEYS,
  safeText,
  userIdSchema,
} from './schemas.js';

/**
 * Edge validation for the conversation commands beyond create/list/get/read: kinds, members,
 * roles, attributes by dotted key, and queries. Like schemas.ts, only the server imports this
 * at run time.
 */

const KEY_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** `attr.a.b`: a custom attribute by dotted path (at most the attribute depth). */
export function attributePathProblem(key: string): string | undefined {
  const segments = key.split('.');
  if (segments[0] !== 'attr' || segments.length < 2) return 'must be name or attr.<key>';
  if (segments.length - 1 > DEFAULT_LIMITS.maxAttributesDepth) return `nested deeper than ${DEFAULT_LIMITS.maxAttributesDepth}`;
  for (const segment of segments.slice(1)) {
    if (RESERVED_KEYS.has(segment)) return 'reserved key';
    if (!KEY_SEGMENT.test(segment)) return 'keys must be 1–64 letters, digits, _ or -';
  }
  return undefined;
}

const attributeKeySchema = z.string().max(400).superRefine((key, ctx) => {
  const problem = attributePathProblem(key);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const memberListSchema = z
  .array(userIdSchema)
  .min(1, { message: 'at least one member' })
  .max(10_000, { message: 'too many members' });

export const cidPayloadSchema = z.object({ cid: conversationIdSchema });

export const createChatRoomSchema = z.object({
  name: nameSchema,
  attributes: attributesSchema.optional(),
});

export const createTemporarySchema = z.object({
  members: memberListSchema,
  /** Seconds to live; the server's default when absent, refused above its maximum. */
  ttl: z.number().int().min(1).max(10 * 365 * 24 * 3600).optional(),
  name: nameSchema.optional(),
  attributes: attributesSchema.optional(),
});

export const membersPayloadSchema = z.object({ cid: conversationIdSchema, members: memberListSchema });

export const updateRoleSchema = z.object({
  cid: conversationIdSchema,
  member: userIdSchema,
  role: z.enum(['owner', 'manager', 'member']),
});

export const memberPageSchema = z.object({
  cid: conversationIdSchema,
  limit: z.number().int().min(1).max(DEFAULT_LIMITS.maxConversationPageSize).optional(),
  cursor: userIdSchema.optional(),
});

/** Changes by key: `name`, or `attr.x.y` for a custom attribute; `unset` removes attributes. */
export const updateConversationSchema = z
  .object({
    cid: conversationIdSchema,
    set: z
      .record(z.string().max(400), z.unknown())
      .superRefine((set, ctx) => {
        const keys = Object.keys(set);
        if (keys.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 keys' });
        for (const key of keys) {
          const value = set[key];
          if (key === 'name') {
            const name = nameSchema.safeParse(value);
            if (!name.success) ctx.addIssue({ code: 'custom', path: [key], message: name.error.issues[0]!.message });
            continue;
          }
          const keyProblem = attributePathProblem(key);
          if (keyProblem) {
            ctx.addIssue({ code: 'custom', path: [key], message: keyProblem });
            continue;
          }
          if (value === undefined) {
            ctx.addIssue({ code: 'custom', path: [key], message: 'a value is required (use unset to remove)' });
            continue;
          }
          const problem = jsonValueProblem(value, key.split('.').length - 1);
          if (problem) ctx.addIssue({ code: 'custom', path: [key, ...problem.path], message: problem.message });
        }
      })
      // Plain JSON only from here on: no prototype tricks reach the service.
      .transform((set) => JSON.parse(JSON.stringify(set)) as Record<string, unknown>)
      .optional(),
    unset: z.array(attributeKeySchema).max(50).optional(),
  })
  .refine((u) => Object.keys(u.set ?? {}).length + (u.unset?.length ?? 0) > 0, {
    path: ['set'],
    message: 'nothing to change',
  });

// ---- queries ----

const scalarSchema = z.union([safeText(1000), z.number().finite(), z.boolean(), z.null()]);

const attributeConditionSchema = z.discriminatedUnion('op', [
  z.object({ key: attributeKeySchema, op: z.enum(['eq', 'ne']), value: scalarSchema }),
  z.object({ key: attributeKeySchema, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.union([safeText(1000), z.number().finite()]) }),
  z.object({ key: attributeKeySchema, op: z.literal('in'), value: z.array(scalarSchema).min(1).max(100) }),
  z.object({ key: attributeKeySchema, op: z.literal('exists'), value: z.boolean() }),
]);

const timeSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const timeRangeSchema = z.object({ gt: timeSchema.optional(), lt: timeSchema.optional() });
const searchText = safeText(DEFAULT_LIMITS.maxNameLength).min(1, { message: 'must not be empty' });

export const conversationKinds = ['normal', 'transient', 'system', 'temporary'] as const;
export const conversationSortFields = ['lastMessageAt', 'updatedAt', 'createdAt'] as const;

export const conversationQuerySchema = z
  .object({
    where: z
      .object({
        /** Chat rooms and service conversations are searched among all; other kinds among the user's. */
        kind: z.enum(conversationKinds).optional(),
        /** With `kind: 'system'`: only the services the user subscribes to. */
        subscribed: z.boolean().optional(),
        name: z
          .object({ equals: searchText.optional(), contains: searchText.optional(), startsWith: searchText.optional() })
          .optional(),
        members: z
          .object({
            /** Has all of these members (and maybe others). */
            contains: z.array(userIdSchema).min(1).max(100).optional(),
            /** Has exactly these members. */
            exactly: z.array(userIdSchema).min(1).max(DEFAULT_LIMITS.maxMembers).optional(),
          })
          .optional(),
        attributes: z.array(attributeConditionSchema).max(10).optional(),
        lastMessageAt: timeRangeSchema.optional(),
        updatedAt: timeRangeSchema.optional(),
      })
      .optional(),
    sort: z
      .object({ by: z.enum(conversationSortFields), order: z.enum(['asc', 'desc']) })
      .optional(),
    limit: z.number().int().min(1).max(DEFAULT_LIMITS.maxConversationPageSize).optional(),
    skip: z.number().int().min(0).max(10_000).optional(),
    cursor: z.string().regex(/^\d{1,16}:[A-Za-z0-9_:-]{1,64}$/, { message: 'not a cursor' }).optional(),
    /** Leave member lists out. */
    compact: z.boolean().optional(),
    /** Include each conversation's last message. */
    withLastMessages: z.boolean().optional(),
  })
  .refine((q) => q.skip === undefined || q.cursor === undefined, { path: ['skip'], message: 'use skip or cursor, not both' })
  .refine((q) => q.where?.subscribed === undefined || q.where.kind === 'system', {
    path: ['where', 'subscribed'],
    message: "only with kind 'system'",
  });

export type CidPayload = z.input<typeof cidPayloadSchema>;
export type CreateChatRoomPayload = z.input<typeof createChatRoomSchema>;
export type CreateTemporaryPayload = z.input<typeof createTemporarySchema>;
export type MembersPayload = z.input<typeof membersPayloadSchema>;
export type UpdateRolePayload = z.input<typeof updateRoleSchema>;
export type MemberPagePayload = z.input<typeof memberPageSchema>;
export type UpdateConversationPayload = z.input<typeof updateConversationSchema>;
export type ConversationQueryPayload = z.input<typeof conversationQuerySchema>;
export type ConversationQuery = z.output<typeof conversationQuerySchema>;
export type AttributeCondition = z.output<typeof attributeConditionSchema>;
