import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ChatError } from '../../protocol/chat-error.js';
import type { ErrorName } from '../../protocol/errors.js';
import { conversationIdSchema } from '../../protocol/schemas.js';
import type { TokenVerifier } from '../auth/tokens.js';
import type { ServerConfig } from '../config.js';
import type { SupportServices } from '../services/support/support-services.js';
import { validate } from '../transport/validate.js';

const visitorBodySchema = z.object({ resume: z.string().min(1).max(200).optional() });
const transcriptParams = z.object({ cid: conversationIdSchema });
const transcriptQuery = z.object({ format: z.enum(['text', 'json']).optional() });

const STATUS: Partial<Record<ErrorName, number>> = {
  SESSION_REQUIRED: 401,
  SESSION_TOKEN_EXPIRED: 401,
  SIGNATURE_FAILED: 401,
  INVALID_LOGIN: 401,
  SUPPORT_RESUME_REFUSED: 401,
  INVALID_MESSAGING_TARGET: 404,
  INVALID_PAYLOAD: 400,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  ADMIN_KEY_REQUIRED: 401,
};

/**
 * Customer service over HTTP, for pages on other sites: availability before any token, an
 * anonymous visitor identity (on the visitor's first interaction), and transcripts.
 */
export async function registerSupportRoutes(
  app: FastifyInstance,
  deps: { support: SupportServices; tokens: TokenVerifier; allowedOrigins: ServerConfig['allowedOrigins'] },
): Promise<void> {
  await app.register(
    async (routes) => {
      routes.addHook('onRequest', async (request, reply) => allowOrigin(request, reply, deps.allowedOrigins));
      routes.setErrorHandler(async (error, _request, reply) => sendSupportError(reply, error));
      routes.options('/*', async (_request, reply) =>
        reply.header('Access-Control-Allow-Headers', 'authorization, content-type').header('Access-Control-Allow-Methods', 'GET, POST').code(204).send(),
      );

      routes.get('/config', async () => deps.support.publicConfig());

      routes.post('/visitors', async (request, reply) => {
        const body = validate(visitorBodySchema, request.body ?? {});
        if (body.resume) return deps.support.identities.resume(body.resume);
        return reply.code(201).send(await deps.support.identities.create(request.ip));
      });

      routes.get('/conversations/:cid/transcript', async (request, reply) => {
        const header = request.headers.authorization ?? '';
        const user = await deps.tokens.verify(header.startsWith('Bearer ') ? header.slice(7) : '');
        const { cid } = validate(transcriptParams, request.params);
        const { format } = validate(transcriptQuery, request.query);
        reply.header('Cache-Control', 'no-store');
        if (format === 'json') return deps.support.transcripts.json(user, cid);
        const name = `transcript-${cid.replace(/[^A-Za-z0-9_-]/g, '_')}.txt`;
        return reply
          .type('text/plain; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${name}"`)
          .send(await deps.support.transcripts.text(user, cid));
      });
    },
    { prefix: '/api/support' },
  );
}

function allowOrigin(request: FastifyRequest, reply: FastifyReply, allowed: ServerConfig['allowedOrigins']): void {
  const origin = request.headers.origin;
  if (!origin) return;
  if (allowed === '*') reply.header('Access-Control-Allow-Origin', '*');
  else if (allowed.includes(origin)) reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
}

/** A typed error body with a fitting status; anything unexpected is logged and answered as 500. */
export function sendSupportError(reply: FastifyReply, error: unknown): FastifyReply {
  const statusCode = (error as { statusCode?: number }).statusCode;
  const chatError =
    error instanceof ChatError
      ? error
      : statusCode === 400
        ? new ChatError('INVALID_PAYLOAD', 'The body is not valid JSON', { field: '' })
        : statusCode === 413
          ? new ChatError('PAYLOAD_TOO_LARGE')
          : statusCode === 415
            ? new ChatError('INVALID_PAYLOAD', 'Send JSON', { field: '' })
            : undefined;
  if (!chatError) {
    reply.log.error({ err: error }, 'support request failed');
    return reply.code(500).send({ error: new ChatError('INTERNAL_ERROR').toPayload() });
  }
  return reply.code(STATUS[chatError.name] ?? 403).send({ error: chatError.toPayload() });
}
