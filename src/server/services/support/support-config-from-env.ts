import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { departmentIdSchema } from '../../../protocol/support-schemas.js';
import type { SupportPolicy } from './support-policy.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'HH:MM' });
const budget = z.object({ points: z.number().int().positive(), seconds: z.number().int().positive() });

/** What a site may set in its support configuration file; everything is optional. */
const fileSchema = z
  .object({
    departments: z.array(z.object({ id: departmentIdSchema, name: z.string().min(1).max(100) })).min(1).max(100),
    defaultDepartment: departmentIdSchema,
    businessHours: z.object({
      timeZone: z.string().refine(validTimeZone, { message: 'not a time zone' }),
      days: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(z.tuple([time, time]))),
    }),
    preChatFields: z
      .array(
        z.object({
          name: z.string().regex(/^[A-Za-z0-9_]{1,40}$/),
          label: z.string().min(1).max(100),
          type: z.enum(['text', 'email', 'textarea']),
          required: z.boolean(),
        }),
      )
      .max(20),
    maxOpenPerAgent: z.number().int().positive(),
    ttlSeconds: z.number().int().positive().max(30 * 24 * 3600),
    startsPerVisitor: budget,
    startsPerIp: budget,
    sendsPerVisitor: budget,
    sendsPerIp: budget,
    visitorsPerIp: budget,
  })
  .partial()
  .strict();

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `PARLEY_SUPPORT_CONFIG=path/to/support.json`: departments, business hours, pre-chat fields, limits. */
export function supportConfigFromEnv(env: NodeJS.ProcessEnv): { support?: Partial<SupportPolicy> } {
  const path = env.PARLEY_SUPPORT_CONFIG;
  if (!path) return {};
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`PARLEY_SUPPORT_CONFIG: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  return { support: parsed.data };
}
