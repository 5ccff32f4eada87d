import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nameSchema, safeText, userIdSchema } from '../../protocol/schemas.js';
import type { UserProfiles } from '../services/user-profiles.js';
import { validate } from '../transport/validate.js';
import { sendAdminError } from './admin-routes.js';
import { requireMasterKey } from './master-key.js';

const paramsSchema = z.object({ id: userIdSchema });
const profileSchema = z.object({
  // Trimmed first, so surrounding spaces neither count toward the limit nor get stored.
  name: z.string().trim().pipe(nameSchema),
  avatar: safeText(2048).pipe(z.url({ protocol: /^https?$/, message: 'must be an http or https URL' })).optional(),
});

/**
 * `PUT /api/admin/users/:id` (`Authorization: Bearer <master key>`): the site's backend names its
 * users before they ever connect, so others see a name rather than an id. A later token, or a
 * later call here, replaces it: the newest profile wins either way.
 */
export async function registerAdminUserRoutes(app: FastifyInstance, deps: { masterKey: string; profiles: UserProfiles }): Promise<void> {
  await app.register(
    async (admin) => {
      requireMasterKey(admin, deps.masterKey);
      admin.setErrorHandler(async (error, _request, reply) => sendAdminError(reply, error));

      admin.put('/:id', async (request) => {
        const { id } = validate(paramsSchema, request.params);
        const profile = validate(profileSchema, request.body);
        await deps.profiles.remember({ id, ...profile });
        const [stored] = await deps.profiles.find([id]);
        return stored;
      });
    },
    { prefix: '/api/admin/users' },
  );
}
