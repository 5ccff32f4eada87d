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
});

/**
 * Demo mode only: a token for any name, so the demo pages work without a backend.
 * The user id is the name, lower-cased, with spaces turned into dashes.
 */
export function registerDemoTokenRoute(app: FastifyInstance, tokens: TokenVerifier): void {
  app.post('/api/demo/token', async (request, reply) => {
    const parsed = bodySchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: { name: 'INVALID_PAYLOAD', field: 'name', message: 'name: 1–40 letters, digits, spaces, _.-' } });
    }
    const name = parsed.data.name;
    const id = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-.]+/, '') || 'user';
    return { token: await tokens.sign({ id, name }), user: { id, name } };
  });
}
