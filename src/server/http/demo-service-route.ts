import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChatError } from '../../protocol/chat-error.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import { safeText } from '../../protocol/schemas.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { sendNotices } from '../services/notice.js';
import type { Realtime } from '../services/realtime.js';
import type { ServiceConversations } from '../services/service-conversations.js';
import { deliverMessage } from '../transport/message-delivery.js';

const NEWS = 'Parley news';
const postSchema = z.object({ text: safeText(DEFAULT_LIMITS.maxTextLength).min(1) });

/**
 * Demo mode only: plays the site's backend for one service conversation, "Parley news", so the
 * demo page can subscribe its people and post to it. A real site does this from its own server
 * with the admin API and the master key; this route never exists in production.
 */
export function registerDemoServiceRoutes(app: FastifyInstance, deps: { tokens: TokenVerifier; services: ServiceConversations; realtime: Realtime }): void {
  const news = async () => (await deps.services.findByName(NEWS)) ?? (await deps.services.create({ name: NEWS })).id;
  const userOf = async (authorization: string | undefined) => {
    try {
      return await deps.tokens.verify(authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined);
    } catch (error) {
      throw error instanceof ChatError ? error : new ChatError('SESSION_REQUIRED');
    }
  };
  const refuse = (error: unknown) => ({ error: (error instanceof ChatError ? error : new ChatError('INTERNAL_ERROR')).toPayload() });

  app.post('/api/demo/news/subscribe', async (request, reply) => {
    try {
      const user = await userOf(request.headers.authorization);
      const { data, notices } = await deps.services.subscribe(await news(), [user.id]);
      sendNotices(deps.realtime, notices);
      return data;
    } catch (error) {
      return reply.code(400).send(refuse(error));
    }
  });

  app.post('/api/demo/news/post', async (request, reply) => {
    try {
      await userOf(request.headers.authorization);
      const parsed = postSchema.safeParse(request.body);
      if (!parsed.success) throw new ChatError('INVALID_PAYLOAD', 'text: 1–5000 characters', { field: 'text' });
      const { deliveries, ...sent } = await deps.services.send(await news(), { text: parsed.data.text });
      for (const d of deliveries) deliverMessage(deps.realtime.toUsers.bind(deps.realtime), 'message:created', d.message, d.members);
      return sent;
    } catch (error) {
      return reply.code(400).send(refuse(error));
    }
  });
}
