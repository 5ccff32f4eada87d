import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { RedisClient } from '../cluster/redis-adapter.js';
import type { ServerConfig } from '../config.js';
import type { MessageWriter } from '../store/message-writer.js';
import type { ChatRoomFlood } from './chat-room-flood.js';
import type { Database } from '../store/schema.js';
import { messagePolicy } from './message-policy.js';
import { MessageService } from './message-service.js';
import { PushService } from './push/push-service.js';
import { loadOrCreateVapidKeys } from './push/vapid-keys.js';
import { ReceiptService } from './receipts.js';
import { MessageEdits } from './recall-edit.js';
import type { UserProfiles } from './user-profiles.js';
import { WillService } from './will-messages.js';

export interface MessageServicesDeps {
  db: Kysely<Database>;
  writer: MessageWriter;
  config: ServerConfig;
  logger: Logger;
  /** Which of these users have an open connection on any node (no push for them then). */
  onlineAmong: (users: string[]) => Promise<Set<string>>;
  /** Senders' budgets in chat rooms (made with the chat rooms). */
  flood: ChatRoomFlood;
  /** People's names: a notification says who wrote. */
  profiles: UserProfiles;
  /** Shared by the nodes of a cluster: chat room load is counted there. */
  redis?: RedisClient;
}

/** The message side of the server: sending, edits, receipts, wills and offline push. */
export function createMessageServices({ db, writer, config, logger, onlineAmong, flood, profiles, redis }: MessageServicesDeps) {
  const policy = messagePolicy(config.messages);
  const messages = new MessageService(db, writer, config.clock, policy, flood, redis);
  return {
    messages,
    edits: new MessageEdits(writer, config.clock, policy),
    receipts: new ReceiptService(db, config.clock),
    wills: new WillService(db, config.clock, policy, messages),
    push: new PushService({
      db,
      clock: config.clock,
      keys: loadOrCreateVapidKeys(config.dataDir),
      options: config.push ?? {},
      logger,
      onlineAmong,
      profiles,
    }),
  };
}
