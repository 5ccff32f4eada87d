import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChatError } from '../../protocol/chat-error.js';
import type { ErrorName } from '../../protocol/errors.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { type FilePolicy, INLINE_IMAGE_TYPES } from '../files/file-policy.js';
import type { UploadBudget } from '../files/upload-budget.js';
import type { UploadService } from '../files/upload-service.js';

export interface FileRoutesDeps {
  tokens: TokenVerifier;
  uploads: UploadService;
  budget: UploadBudget;
  policy: FilePolicy;
  allowedOrigins: string[] | '*';
}

const STATUS: Partial<Record<ErrorName, number>> = {
  SESSION_REQUIRED: 401,
  SIGNATURE_FAILED: 401,
  INVALID_LOGIN: 401,
  SESSION_TOKEN_EXPIRED: 401,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_REFUSED: 415,
  FILE_NOT_FOUND: 404,
  INVALID_PAYLOAD: 400,
  RATE_LIMITED: 429,
};

/**
 * `POST /api/files` (multipart, one part named `file`, `Authorization: Bearer <token>`) stores
 * an upload and answers its record; `GET /files/:id` serves it. Served files can never run as
 * a page: `nosniff`, a sandboxing CSP, and `attachment` for everything but raster images.
 */
export async function registerFileRoutes(app: FastifyInstance, deps: FileRoutesDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: deps.policy.maxUploadBytes, files: 1, fields: 0, parts: 1, headerPairs: 20 },
    });

    scope.options('/api/files', async (request, reply) => {
      allowCors(request, reply, deps.allowedOrigins);
      return reply
        .header('Access-Control-Allow-Headers', 'authorization, content-type')
        .header('Access-Control-Allow-Methods', 'POST')
        .header('Access-Control-Max-Age', '600')
        .code(204)
        .send();
    });

    scope.post('/api/files', async (request, reply) => {
      allowCors(request, reply, deps.allowedOrigins);
      try {
        const user = await deps.tokens.verify(bearerToken(request));
        // Charged before the bytes are read: what the request says it carries, or the most a file may be.
        const declared = Number(request.headers['content-length']);
        await deps.budget.spend(user.id, Number.isFinite(declared) && declared > 0 ? Math.min(declared, deps.policy.maxUploadBytes) : deps.policy.maxUploadBytes);
        if (!request.isMultipart()) throw new ChatError('INVALID_PAYLOAD', 'Send multipart/form-data with a part named file', { field: 'file' });
        const part = await request.file();
        if (!part || part.fieldname !== 'file') {
          part?.file.resume();
          throw new ChatError('INVALID_PAYLOAD', 'file: required', { field: 'file' });
        }
        const record = await deps.uploads.store(user.id, { filename: part.filename, declaredType: part.mimetype, stream: part.file });
        return reply.code(201).send(record);
      } catch (error) {
        const refusal = toRefusal(error);
        if (!refusal) throw error;
        return reply.code(STATUS[refusal.name] ?? 400).send({ error: refusal.toPayload() });
      }
    });

    scope.get<{ Params: { id: string } }>('/files/:id', async (request, reply) => {
      const record = await deps.uploads.find(request.params.id);
      if (!record) return reply.code(404).send({ error: new ChatError('FILE_NOT_FOUND').toPayload() });
      const size = Number(record.size);
      // Media players seek with byte ranges (and Safari plays video only that way).
      const range = byteRange(request.headers.range, size);
      if (range === 'unsatisfiable') return reply.code(416).header('Content-Range', `bytes */${size}`).send();
      const stream = await deps.uploads.open(record.id, range);
      if (!stream) return reply.code(404).send({ error: new ChatError('FILE_NOT_FOUND').toPayload() });
      const inline = INLINE_IMAGE_TYPES.has(record.mime);
      reply
        .header('Content-Type', record.mime)
        .header('Accept-Ranges', 'bytes')
        .header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(record.name)}`)
        .header('Content-Security-Policy', "sandbox; default-src 'none'")
        .header('X-Content-Type-Options', 'nosniff')
        // Pages on other origins show these images and play these media.
        .header('Cross-Origin-Resource-Policy', 'cross-origin')
        .header('Cache-Control', 'private, max-age=31536000, immutable');
      if (range) {
        reply.code(206).header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      }
      return reply.header('Content-Length', String(range ? range.end - range.start + 1 : size)).send(stream);
    });
  });
}

/** One `bytes=start-end` range (the only kind media players send), or undefined for the whole file. */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
}

/** The browser may read the answer only from an allowed origin. */
function allowCors(request: FastifyRequest, reply: FastifyReply, allowedOrigins: string[] | '*'): void {
  const origin = request.headers.origin;
  if (!origin) return;
  if (allowedOrigins === '*' || allowedOrigins.includes(origin)) {
    reply.header('Access-Control-Allow-Origin', allowedOrigins === '*' ? '*' : origin).header('Vary', 'Origin');
  }
}

/** Typed refusals, including the multipart limits, as ChatErrors; anything else is unexpected. */
function toRefusal(error: unknown): ChatError | undefined {
  if (error instanceof ChatError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new ChatError('FILE_TOO_LARGE', undefined, { field: 'file' });
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new ChatError('INVALID_PAYLOAD', 'Send one part named file', { field: 'file' });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new ChatError('INVALID_PAYLOAD', 'Not multipart/form-data', { field: 'file' });
  return undefined;
}
