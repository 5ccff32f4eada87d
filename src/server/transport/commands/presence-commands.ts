import * as schemas from '../../../protocol/schemas.js';
import { defineCommand } from './command.js';

export const presenceCommands = {
  'user:online': defineCommand('user:online', {
    schema: schemas.onlineQuerySchema,
    async run({ services }, payload) {
      const users = [...new Set(payload.users)];
      const online = await services.presence.among(users);
      return { data: { online: users.filter((user) => online.has(user)) } };
    },
  }),
  'user:profiles': defineCommand('user:profiles', {
    schema: schemas.profileQuerySchema,
    // Names and pictures are what any chat shows of its members: every user may read them.
    async run({ services }, payload) {
      return { data: { profiles: await services.profiles.find([...new Set(payload.users)]) } };
    },
  }),
  'session:renew': defineCommand('session:renew', {
    schema: schemas.sessionRenewSchema,
    async run({ renewSession }, payload) {
      return { data: { expiresAt: await renewSession(payload.token) } };
    },
  }),
  'user:search': defineCommand('user:search', {
    schema: schemas.peopleSearchSchema,
    async run({ services, user }, payload) {
      return { data: { profiles: await services.profiles.search(user.id, payload.text.trim(), payload.limit) } };
    },
  }),
};
