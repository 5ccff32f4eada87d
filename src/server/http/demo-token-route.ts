import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TokenVerifier } from '../auth/tokens.js';

const bodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N} _.-]+$/u),
  /** Agents only: the departments they serve (all when absent). */
  departments: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)).max(50).optional(),
});
/** `?role=agent` signs an agent token, `?role=visitor` a visitor's; no role, a plain user's. */
const querySchema = z.object({ role: z.enum(['agent', 'visitor']).optional() });

/**
 * Demo mode only: a token for any name (a customer service agent's with `?role=agent`), so the
 * demo pages work without a backend.
 * The user id is the name, lower-cased, with spaces turned into dashes.
 */
export function registerDemoTokenRoute(app: FastifyInstance, tokens: TokenVerifier): void {
  app.post('/api/demo/token', async (request, reply) => {
    const query = querySchema.safeParse(request.query);
    if (!query.success) {
      return reply.code(400).send({ error: { name: 'INVALID_PAYLOAD', field: 'role', message: 'role: agent or visitor' } });
    }
    const parsed = bodySchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: { name: 'INVALID_PAYLOAD', field: 'name', message: 'name: 1–40 letters, digits, spaces, _.-' } });
    }
    const name = parsed.data.name;
    const id = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-.]+/, '') || 'user';
    const { role } = query.data;
    const departments = role === 'agent' ? parsed.data.departments : undefined;
    const profile = { id, name, ...(role ? { role } : {}), ...(departments ? { departments } : {}) };
    return { token: await tokens.sign(profile), user: profile };
  });
}
