import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config.js';
import type { Database } from '../store/schema.js';
import { claimJobRun } from '../cluster/job-claim.js';
import { type ChatRoomNode, ChatRooms } from './chat-rooms.js';
import { ConversationAttributes } from './conversation-attributes.js';
import { conversationPolicy } from './conversation-policy.js';
import { ConversationQueries } from './conversation-query.js';
import { ConversationService } from './conversation-service.js';
import { ExpiryJob, JobScheduler } from './expiry-job.js';
import { MemberRestrictions } from './member-restrictions.js';
import { MemberService } from './member-service.js';
import type { Realtime } from './realtime.js';
import { TemporaryConversations } from './temporary-conversations.js';

/** The conversation side of the command table's services. */
export interface ConversationServices {
  conversations: ConversationService;
  queries: ConversationQueries;
  attributes: ConversationAttributes;
  members: MemberService;
  restrictions: MemberRestrictions;
  chatRooms: ChatRooms;
  temporary: TemporaryConversations;
}

/** Builds the conversation services and the expiry schedule (started by the caller). */
export function createConversationServices(deps: {
  db: Kysely<Database>;
  config: ServerConfig;
  realtime: Realtime;
  logger: Logger;
  node: ChatRoomNode;
}): { services: ConversationServices; jobs: JobScheduler } {
  const { db, config, realtime } = deps;
  const policy = conversationPolicy(config.conversations);
  const queries = new ConversationQueries(db, config.clock);
  const chatRooms = new ChatRooms(db, config.clock, policy, realtime, deps.node);
  const services: ConversationServices = {
    conversations: new ConversationService(db, config.limits, config.clock, queries),
    queries,
    attributes: new ConversationAttributes(db, config.clock),
    members: new MemberService(db, config.limits, config.clock, chatRooms),
    restrictions: new MemberRestrictions(db, config.clock, chatRooms, realtime),
    chatRooms,
    temporary: new TemporaryConversations(db, config.clock, policy),
  };
  const expiry = new ExpiryJob(db, config.clock, policy, realtime);
  const claim = (intervalMs: number) => claimJobRun(db, 'expiry', intervalMs);
  return { services, jobs: new JobScheduler(expiry, policy.expiryIntervalMs, deps.logger, claim) };
}
