import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ChatError } from '../../protocol/chat-error.js';
import { updateConversationSchema } from '../../protocol/conversation-schemas.js';
import type { ErrorName } from '../../protocol/errors.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import { attributesSchema, conversationIdSchema, nameSchema, safeText, userIdSchema } from '../../protocol/schemas.js';
import { sendNotices } from '../services/notice.js';
import type { Realtime } from '../services/realtime.js';
import type { ServiceConversations } from '../services/service-conversations.js';
import { deliverMessage } from '../transport/message-delivery.js';
import { validate } from '../transport/validate.js';
import { requireMasterKey } from './master-key.js';

const createSchema = z.object({ name: nameSchema, attributes: attributesSchema.optional() });
const usersSchema = z.object({ users: z.array(userIdSchema).min(1).max(10_000) });
const messageSchema = z.object({
  text: safeText(DEFAULT_LIMITS.maxTextLength).min(1, { message: 'must not be empty' }),
  attributes: attributesSchema.optional(),
  /** Only these subscribers; all of them when absent. */
  to: z.array(userIdSchema).min(1).max(1000).optional(),
});
const paramsSchema = z.object({ id: conversationIdSchema });

const STATUS: Partial<Record<ErrorName, number>> = {
  ADMIN_KEY_REQUIRED: 401,
  INVALID_MESSAGING_TARGET: 404,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_PAYLOAD: 400,
  INVALID_ATTRIBUTE: 400,
  SYSTEM_CONVERSATION_REQUIRED: 409,
};

/**
 * The admin API: what only the site's own server may do, authenticated by the master key
 * (`Authorization: Bearer <PARLEY_MASTER_KEY>`). Service conversations are created, changed,
 * subscribed to and sent to here; a user asks the site's backend, which calls this.
 */
export async function registerAdminRoutes(
  app: FastifyInstance,
  deps: { masterKey: string; services: ServiceConversations; realtime: Realtime },
): Promise<void> {
  await app.register(
    async (admin) => {
      requireMasterKey(admin, deps.masterKey);
      admin.setErrorHandler(async (error, _request, reply) => sendAdminError(reply, error));

      admin.post('/service-conversations', async (request, reply) => {
        const body = validate(createSchema, request.body);
        return reply.code(201).send(await deps.services.create(body));
      });

      admin.patch('/service-conversations/:id', async (request) => {
        const { id } = validate(paramsSchema, request.params);
        const changes = validate(updateConversationSchema, { ...(request.body as object), cid: id });
        const { conversation, notices } = await deps.services.update(id, changes);
        sendNotices(deps.realtime, notices);
        return conversation;
      });

      admin.post('/service-conversations/:id/subscribers', async (request) => {
        const { id } = validate(paramsSchema, request.params);
        const { users } = validate(usersSchema, request.body);
        const { data, notices } = await deps.services.subscribe(id, users);
        sendNotices(deps.realtime, notices);
        return data;
      });

      admin.delete('/service-conversations/:id/subscribers/:user', async (request) => {
        const params = validate(paramsSchema.extend({ user: userIdSchema }), request.params);
        const { data, notices } = await deps.services.unsubscribe(params.id, [params.user]);
        sendNotices(deps.realtime, notices);
        return data;
      });

      admin.post('/service-conversations/:id/messages', async (request, reply) => {
        const { id } = validate(paramsSchema, request.params);
        const body = validate(messageSchema, request.body);
        const { deliveries, ...sent } = await deps.services.send(id, body);
        for (const d of deliveries) deliverMessage(deps.realtime.toUsers.bind(deps.realtime), 'message:created', d.message, d.members);
        return reply.code(201).send(sent);
      });
    },
    { prefix: '/api/admin' },
  );
}

/** A typed error body with a fitting status; anything unexpected is logged and answered as 500. */
export function sendAdminError(reply: FastifyReply, error: unknown): FastifyReply {
  const chatError =
    error instanceof ChatError
      ? error
      : (error as { statusCode?: number }).statusCode === 400
        ? new ChatError('INVALID_PAYLOAD', 'The body is not valid JSON', { field: '' })
        : (error as { statusCode?: number }).statusCode === 413
          ? new ChatError('PAYLOAD_TOO_LARGE')
          : undefined;
  if (!chatError) {
    reply.log.error({ err: error }, 'admin request failed');
    return reply.code(500).send({ error: new ChatError('INTERNAL_ERROR').toPayload() });
  }
  return reply.code(STATUS[chatError.name] ?? 403).send({ error: chatError.toPayload() });
}
