import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import type { ConversationRecord } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import type { ConversationPolicy } from './conversation-policy.js';
import { viewConversation } from './conversation-view.js';
import { newConversationRow } from './new-conversation-row.js';

/** Temporary conversation ids start with this, so anyone can tell one from its id. */
export const TEMPORARY_PREFIX = '_tmp:';

export interface CreateTemporaryInput {
  members: string[];
  /** Seconds. */
  ttl?: number;
  name?: string;
  attributes?: Record<string, unknown>;
}

/**
 * Temporary conversations (customer service): a few members fixed at creation and a time to
 * live. Sending after it fails with 4323; the expiry job then deletes it with its history, after
 * which it answers like any missing conversation (4401).
 */
export class TemporaryConversations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: ConversationPolicy,
  ) {}

  async create(user: string, input: CreateTemporaryInput): Promise<ConversationRecord> {
    const members = [...new Set([user, ...input.members])];
    if (members.length > this.policy.maxTemporaryMembers) {
      throw new ChatError('CONVERSATION_FULL', `A temporary conversation has at most ${this.policy.maxTemporaryMembers} members`, {
        field: 'members',
        max: this.policy.maxTemporaryMembers,
      });
    }
    const ttl = input.ttl ?? this.policy.temporaryTtlSeconds;
    if (ttl > this.policy.maxTemporaryTtlSeconds) {
      throw new ChatError('INVALID_PAYLOAD', `ttl: at most ${this.policy.maxTemporaryTtlSeconds} seconds`, {
        field: 'ttl',
        max: this.policy.maxTemporaryTtlSeconds,
      });
    }
    const now = this.clock.now();
    const id = `${TEMPORARY_PREFIX}${nanoid()}`;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('conversations')
        .values(
          newConversationRow({
            id,
            kind: 'temporary',
            name: input.name ?? '',
            creator: user,
            now,
            attributes: input.attributes,
            expiresAt: now + ttl * 1000,
          }),
        )
        .execute();
      await trx
        .insertInto('members')
        .values(members.map((member) => ({ conversation_id: id, user_id: member, role: member === user ? 'owner' : 'member', joined_at: now, last_read_seq: 0 })))
        .execute();
    });
    return viewConversation(this.db, user, id);
  }
}
