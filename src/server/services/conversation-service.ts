import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import type { ConversationPage, ConversationRecord, ReadState } from '../../protocol/model.js';
import type { Clock, ServerLimits } from '../config.js';
import type { Database } from '../store/schema.js';
import { kindOf, loadVisible } from './conversation-access.js';
import type { ConversationQueries } from './conversation-query.js';
import { viewConversation } from './conversation-view.js';
import { newConversationRow } from './new-conversation-row.js';

export interface CreateConversationInput {
  members: string[];
  name?: string;
  unique?: boolean;
  attributes?: Record<string, unknown>;
  /** The creator's key for this request: sent again, it answers the conversation it made. */
  clientId?: string;
}

export interface CreateConversationResult {
  conversation: ConversationRecord;
  /** False when `unique` found an existing conversation for the same members. */
  created: boolean;
  /** Members of the unique key who had left and were brought back by this call. */
  returned: string[];
}

/** Normal conversations: creation, the user's list, lookup and read marks. */
export class ConversationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: ServerLimits,
    private readonly clock: Clock,
    private readonly queries: ConversationQueries,
  ) {}

  async create(user: string, input: CreateConversationInput): Promise<CreateConversationResult> {
    const members = [...new Set([user, ...input.members])];
    if (members.length > this.limits.maxMembers) {
      throw new ChatError('CONVERSATION_FULL', `A conversation has at most ${this.limits.maxMembers} members`, {
        field: 'members',
        max: this.limits.maxMembers,
      });
    }
    // A private chat (two people) is unique unless asked otherwise: opening a chat with someone
    // twice must land in the same conversation.
    const unique = input.unique ?? members.length === 2;
    const uniqueKey = unique ? [...members].sort().join('\n') : null;
    const now = this.clock.now();
    const id = nanoid();

    return this.db.transaction().execute(async (trx) => {
      const row = newConversationRow({ id, kind: 'normal', name: input.name ?? '', creator: user, now, attributes: input.attributes, uniqueKey, clientId: input.clientId });
      // Either key may be taken: the member set (unique) or this creator's key for the request.
      const inserted = await trx.insertInto('conversations').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      if (inserted) {
        await trx
          .insertInto('members')
          .values(members.map((member) => ({ conversation_id: id, user_id: member, role: member === user ? 'owner' : 'member', joined_at: now, last_read_seq: 0 })))
          .execute();
        return { conversation: await viewConversation(trx, user, id), created: true, returned: [] };
      }
      if (input.clientId !== undefined) {
        // The same request again: its first answer, as it stands now.
        const earlier = await trx.selectFrom('conversations').select('id').where('creator', '=', user).where('client_id', '=', input.clientId).executeTakeFirst();
        if (earlier) return { conversation: await viewConversation(trx, user, earlier.id), created: false, returned: [] };
      }
      // The same member set again: the existing conversation, with anyone who had left back in
      // (unless a manager blocked them), so "open my chat with Bob" always works.
      const existing = await trx.selectFrom('conversations').select('id').where('unique_key', '=', uniqueKey).executeTakeFirstOrThrow();
      const present = await trx.selectFrom('members').select('user_id').where('conversation_id', '=', existing.id).execute();
      const blocked = await trx
        .selectFrom('member_restrictions')
        .select('user_id')
        .where('conversation_id', '=', existing.id)
        .where('restriction', '=', 'blocked')
        .execute();
      if (blocked.some((b) => b.user_id === user)) throw new ChatError('BLOCKED_BY_CONV', undefined, { field: 'members' });
      const missing = members.filter((m) => !present.some((p) => p.user_id === m) && !blocked.some((b) => b.user_id === m));
      if (missing.length > 0) {
        await trx
          .insertInto('members')
          .values(missing.map((member) => ({ conversation_id: existing.id, user_id: member, role: 'member', joined_at: now, last_read_seq: 0 })))
          .execute();
        await trx.updateTable('conversations').set({ updated_at: now }).where('id', '=', existing.id).execute();
      }
      return { conversation: await viewConversation(trx, user, existing.id), created: false, returned: missing };
    });
  }

  /** The user's conversations, most recently active first, with their last messages. */
  list(user: string, options: { limit?: number; cursor?: string }): Promise<ConversationPage> {
    return this.queries.run(user, { ...options, withLastMessages: true });
  }

  /**
   * One conversation as the user sees it. A conversation that does not exist and one the user
   * may not see answer the same, so ids cannot be probed.
   */
  async get(user: string, cid: string): Promise<ConversationRecord> {
    await loadVisible(this.db, user, cid, this.clock.now());
    return viewConversation(this.db, user, cid);
  }

  /** Moves the user's read mark forward (never back) to `seq`, or to the newest message. */
  async markRead(user: string, cid: string, seq?: number): Promise<ReadState> {
    return this.db.transaction().execute(async (trx) => {
      const access = await loadVisible(trx, user, cid, this.clock.now());
      if (kindOf(access.conversation) === 'transient') {
        throw new ChatError('CONVERSATION_NOT_ALLOWED', 'Chat rooms have no read marks', { field: 'cid' });
      }
      const { conversation, member } = access;
      if (!member) throw new ChatError('CONVERSATION_MEMBERSHIP_REQUIRED', undefined, { field: 'cid' });
      const lastSeq = Number(conversation.last_seq);
      const target = Math.min(seq ?? lastSeq, lastSeq);
      const lastReadSeq = Math.max(member.last_read_seq, target);
      if (lastReadSeq !== member.last_read_seq) {
        await trx.updateTable('members').set({ last_read_seq: lastReadSeq }).where('conversation_id', '=', cid).where('user_id', '=', user).execute();
      }
      return { cid, lastReadSeq, unreadMessagesCount: lastSeq - lastReadSeq };
    });
  }
}
