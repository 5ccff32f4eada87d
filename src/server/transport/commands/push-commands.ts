import * as schemas from '../../../protocol/schemas.js';
import { defineCommand } from './command.js';

export const pushCommands = {
  'push:get-key': defineCommand('push:get-key', {
    schema: schemas.emptySchema,
    async run({ services }) {
      return { data: { publicKey: services.push.publicKey } };
    },
  }),
  'push:subscribe': defineCommand('push:subscribe', {
    schema: schemas.pushSubscribeSchema,
    async run({ user, services }, payload) {
      await services.push.subscribe(user.id, payload);
      return { data: { ok: true as const } };
    },
  }),
  'push:unsubscribe': defineCommand('push:unsubscribe', {
    schema: schemas.pushUnsubscribeSchema,
    async run({ user, services }, payload) {
      await services.push.unsubscribe(user.id, payload.endpoint);
      return { data: { ok: true as const } };
    },
  }),
};
