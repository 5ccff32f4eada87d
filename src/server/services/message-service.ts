import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { HistoryPage, MessageRecord } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { MessageWriter } from '../store/message-writer.js';
import type { Database } from '../store/schema.js';
import { toMessageRecord } from './conversation-view.js';

export interface SendInput {
  cid: string;
  clientId: string;
  type: number;
  text?: string;
  attributes?: Record<string, unknown>;
}

export interface SendResult {
  message: MessageRecord;
  /** False when this `(from, clientId)` was already committed: the first result is returned. */
  created: boolean;
  /** Members at commit time, to deliver to. */
  members: string[];
}

export interface HistoryInput {
  cid: string;
  afterSeq?: number;
  beforeSeq?: number;
  limit?: number;
}

/** Sending (idempotent, committed before it returns) and reading history. */
export class MessageService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writer: MessageWriter,
    private readonly clock: Clock,
  ) {}

  send(from: string, input: SendInput): Promise<SendResult> {
    return this.writer.write(async (trx) => {
      const members = await trx
        .selectFrom('members')
        .select('user_id')
        .where('conversation_id', '=', input.cid)
        .execute();
      const memberIds = members.map((m) => m.user_id);

      const existing = await trx
        .selectFrom('messages')
        .selectAll()
        .where('sender', '=', from)
        .where('client_id', '=', input.clientId)
        .executeTakeFirst();
      if (existing) return { message: toMessageRecord(existing), created: false, members: memberIds };

      if (!memberIds.includes(from)) throw new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });

      const now = this.clock.now();
      const id = nanoid();
      const { last_seq: seq } = await trx
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_message_at: now, last_message_id: id }))
        .where('id', '=', input.cid)
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const row = {
        id,
        conversation_id: input.cid,
        seq: Number(seq),
        sender: from,
        client_id: input.clientId,
        type: input.type,
        text: input.text ?? null,
        attributes: input.attributes ? JSON.stringify(input.attributes) : null,
        created_at: now,
        updated_at: null,
      };
      await trx.insertInto('messages').values(row).execute();
      // Sending implies having read everything up to one's own message.
      await trx
        .updateTable('members')
        .set({ last_read_seq: Number(seq) })
        .where('conversation_id', '=', input.cid)
        .where('user_id', '=', from)
        .execute();
      return { message: toMessageRecord(row), created: true, members: memberIds };
    });
  }

  /**
   * A page of history, oldest first. With `afterSeq` it reads forward from there (catch-up);
   * otherwise it reads backward from `beforeSeq` or from the newest message.
   */
  async history(user: string, input: HistoryInput): Promise<HistoryPage> {
    const member = await this.db
      .selectFrom('members')
      .select('user_id')
      .where('conversation_id', '=', input.cid)
      .where('user_id', '=', user)
      .executeTakeFirst();
    if (!member) throw new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });

    const limit = input.limit ?? DEFAULT_LIMITS.historyPageSize;
    let query = this.db.selectFrom('messages').selectAll().where('conversation_id', '=', input.cid);
    if (input.afterSeq !== undefined) {
      const rows = await query
        .where('seq', '>', input.afterSeq)
        .orderBy('seq', 'asc')
        .limit(limit + 1)
        .execute();
      return { messages: rows.slice(0, limit).map(toMessageRecord), hasMore: rows.length > limit };
    }
    if (input.beforeSeq !== undefined) query = query.where('seq', '<', input.beforeSeq);
    const rows = await query
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute();
    return { messages: rows.slice(0, limit).reverse().map(toMessageRecord), hasMore: rows.length > limit };
  }
}
