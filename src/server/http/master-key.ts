import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ChatError } from '../../protocol/chat-error.js';

/**
 * Every request in `scope` must carry `Authorization: Bearer <master key>`, or is refused with
 * ADMIN_KEY_REQUIRED. Equal-length digests are compared in constant time: the key cannot be
 * guessed byte by byte.
 */
export function requireMasterKey(scope: FastifyInstance, masterKey: string): void {
  const expected = digest(masterKey);
  scope.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(digest(given), expected)) throw new ChatError('ADMIN_KEY_REQUIRED');
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
