import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChatError } from '../../protocol/chat-error.js';
import type { ErrorName } from '../../protocol/errors.js';
import { conversationIdSchema, updateMessageSchema } from '../../protocol/schemas.js';
import type { MessageEdits } from '../services/recall-edit.js';
import type { Realtime } from '../services/realtime.js';
import { deliverChange } from '../transport/message-delivery.js';
import { validate } from '../transport/validate.js';
import { requireMasterKey } from './master-key.js';

const paramsSchema = z.object({
  cid: conversationIdSchema,
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'not a message id' }),
});

const STATUS: Partial<Record<ErrorName, number>> = {
  ADMIN_KEY_REQUIRED: 401,
  MESSAGE_NOT_FOUND: 404,
  MESSAGE_RECALLED: 409,
  MESSAGE_RECALL_DISABLED: 403,
  MESSAGE_EDIT_DISABLED: 403,
  INVALID_PAYLOAD: 400,
  PAYLOAD_TOO_LARGE: 413,
};

/**
 * Moderation through the admin API (`Authorization: Bearer <PARLEY_MASTER_KEY>`): recall or
 * edit any message, at any time, unless the deployment switched recall or edit off.
 * `POST /api/admin/messages/:cid/:id/recall` and `PATCH /api/admin/messages/:cid/:id`.
 */
export async function registerAdminMessageRoutes(
  app: FastifyInstance,
  deps: { masterKey: string; edits: MessageEdits; realtime: Realtime },
): Promise<void> {
  const notify = (event: 'message:recalled' | 'message:updated', result: Awaited<ReturnType<MessageEdits['recall']>>) =>
    deliverChange({ toUsers: deps.realtime.toUsers.bind(deps.realtime), toRoom: deps.realtime.toRoom.bind(deps.realtime) }, event, result);
  await app.register(
    async (admin) => {
      requireMasterKey(admin, deps.masterKey);
      admin.setErrorHandler(async (error, _request, reply) => {
        if (!(error instanceof ChatError)) {
          reply.log.error({ err: error }, 'admin request failed');
          return reply.code(500).send({ error: new ChatError('INTERNAL_ERROR').toPayload() });
        }
        return reply.code(STATUS[error.name] ?? 400).send({ error: error.toPayload() });
      });

      admin.post('/:cid/:id/recall', async (request) => {
        const { cid, id } = validate(paramsSchema, request.params);
        const result = await deps.edits.recall({ admin: true }, cid, id);
        notify('message:recalled', result);
        return result.message;
      });

      admin.patch('/:cid/:id', async (request) => {
        const { cid, id } = validate(paramsSchema, request.params);
        const changes = validate(updateMessageSchema, { ...(request.body as object), cid, id });
        const result = await deps.edits.update({ admin: true }, changes);
        notify('message:updated', result);
        return result.message;
      });
    },
    { prefix: '/api/admin/messages' },
  );
}
