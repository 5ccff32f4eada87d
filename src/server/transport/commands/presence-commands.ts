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
};
