import { type Kysely, sql } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { ConversationPage, ConversationRecord, ReadState } from '../../protocol/model.js';
import type { Clock, ServerLimits } from '../config.js';
import type { Database } from '../store/schema.js';
import { loadConversationRecords } from './conversation-view.js';

export interface CreateConversationInput {
  members: string[];
  name?: string;
  unique?: boolean;
  attributes?: Record<string, unknown>;
}

export interface CreateConversationResult {
  conversation: ConversationRecord;
  /** False when `unique` found an existing conversation for the same members. */
  created: boolean;
}

/** Normal conversations: creation, the user's list, lookup and read marks. */
export class ConversationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: ServerLimits,
    private readonly clock: Clock,
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

    const created = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('conversations')
        .values({
          id,
          kind: 'normal',
          name: input.name ?? '',
          creator: user,
          unique_key: uniqueKey,
          attributes: JSON.stringify(input.attributes ?? {}),
          created_at: now,
          updated_at: now,
          last_message_at: null,
          last_message_id: null,
          last_seq: 0,
        })
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return false;
      await trx
        .insertInto('members')
        .values(
          members.map((member) => ({
            conversation_id: id,
            user_id: member,
            role: member === user ? 'owner' : 'member',
            joined_at: now,
            last_read_seq: 0,
          })),
        )
        .execute();
      return true;
    });

    if (created) return { conversation: await this.get(user, id), created: true };
    const existing = await this.db
      .selectFrom('conversations')
      .select('id')
      .where('unique_key', '=', uniqueKey)
      .executeTakeFirstOrThrow();
    return { conversation: await this.get(user, existing.id), created: false };
  }

  /** The user's conversations, most recently active first. */
  async list(user: string, options: { limit?: number; cursor?: string }): Promise<ConversationPage> {
    const limit = options.limit ?? DEFAULT_LIMITS.conversationPageSize;
    // Last activity: the newest message, or creation for a conversation with none yet.
    const activity = sql<number>`coalesce(c.last_message_at, c.created_at)`;
    let query = this.db
      .selectFrom('members as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .selectAll('c')
      .select(['m.last_read_seq'])
      .select(activity.as('activity'))
      .where('m.user_id', '=', user);
    if (options.cursor) {
      const [time, id] = splitCursor(options.cursor);
      query = query.where((eb) =>
        eb.or([eb(activity, '<', time), eb.and([eb(activity, '=', time), eb('c.id', '<', id)])]),
      );
    }
    const rows = await query
      .orderBy('activity', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const conversations = await loadConversationRecords(this.db, page);
    const last = page.at(-1);
    return rows.length > limit && last
      ? { conversations, next: `${Number(last.activity)}:${last.id}` }
      : { conversations };
  }

  /**
   * One conversation as the user sees it. A conversation that does not exist and one the user
   * is not in answer the same, so ids cannot be probed.
   */
  async get(user: string, cid: string): Promise<ConversationRecord> {
    const row = await this.db
      .selectFrom('members as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .selectAll('c')
      .select(['m.last_read_seq'])
      .where('m.user_id', '=', user)
      .where('m.conversation_id', '=', cid)
      .executeTakeFirst();
    if (!row) throw new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });
    const [record] = await loadConversationRecords(this.db, [row]);
    return record!;
  }

  /** Moves the user's read mark forward (never back) to `seq`, or to the newest message. */
  async markRead(user: string, cid: string, seq?: number): Promise<ReadState> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('members as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(['m.last_read_seq', 'c.last_seq'])
        .where('m.user_id', '=', user)
        .where('m.conversation_id', '=', cid)
        .executeTakeFirst();
      if (!row) throw new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });
      const lastSeq = Number(row.last_seq);
      const target = Math.min(seq ?? lastSeq, lastSeq);
      const lastReadSeq = Math.max(Number(row.last_read_seq), target);
      if (lastReadSeq !== Number(row.last_read_seq)) {
        await trx
          .updateTable('members')
          .set({ last_read_seq: lastReadSeq })
          .where('conversation_id', '=', cid)
          .where('user_id', '=', user)
          .execute();
      }
      return { cid, lastReadSeq, unreadMessagesCount: lastSeq - lastReadSeq };
    });
  }

  async memberIds(cid: string): Promise<string[]> {
    const rows = await this.db.selectFrom('members').select('user_id').where('conversation_id', '=', cid).execute();
    return rows.map((r) => r.user_id);
  }
}

function splitCursor(cursor: string): [number, string] {
  const at = cursor.indexOf(':');
  return [Number(cursor.slice(0, at)), cursor.slice(at + 1)];
}
