import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SupportServices } from '../services/support/support-services.js';
import { validate } from '../transport/validate.js';
import { sendSupportError } from './support-routes.js';
import { requireMasterKey } from './master-key.js';

const offlineQuery = z.object({
  after: z.string().regex(/^\d{1,16}:[A-Za-z0-9_-]{1,64}$/, { message: 'not a cursor' }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const reportQuery = z.object({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** The site's own server reads what customer service recorded (`Authorization: Bearer <master key>`). */
export async function registerSupportAdminRoutes(app: FastifyInstance, deps: { masterKey: string; support: SupportServices }): Promise<void> {
  await app.register(
    async (admin) => {
      requireMasterKey(admin, deps.masterKey);
      admin.setErrorHandler(async (error, _request, reply) => sendSupportError(reply, error));

      admin.get('/offline-messages', async (request) => {
        const query = validate(offlineQuery, request.query);
        return deps.support.records.offlineMessages(query.after, query.limit ?? 100);
      });

      admin.get('/reports', async (request) => {
        const query = validate(reportQuery, request.query);
        return { records: await deps.support.records.report(query.from ?? 0, query.to ?? Number.MAX_SAFE_INTEGER, query.limit ?? 1000) };
      });
    },
    { prefix: '/api/admin/support' },
  );
}
