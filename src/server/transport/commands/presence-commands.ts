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
    // Names and pictures are what any chat shows of its members: every user may read them. An
    // anonymous visitor, only those of the people in their own conversations (the agents).
    async run({ services, user }, payload) {
      const ids = [...new Set(payload.users)];
      return { data: { profiles: await services.profiles.find(ids, user.role === 'visitor' ? user.id : undefined) } };
    },
  }),
  'session:renew': defineCommand('session:renew', {
    schema: schemas.sessionRenewSchema,
    async run({ renewSession }, payload) {
      return { data: await renewSession(payload.token) };
    },
  }),
  'user:search': defineCommand('user:search', {
    schema: schemas.peopleSearchSchema,
    async run({ services, user }, payload) {
      return { data: { profiles: await services.profiles.search(user.id, payload.text.trim(), payload.limit) } };
    },
  }),
};
