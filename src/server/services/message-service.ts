import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { ConversationKind, HistoryPage, MessagePriority, MessageRecord, PatchPage } from '../../protocol/model.js';
import type { RedisClient } from '../cluster/redis-adapter.js';
import type { Clock } from '../config.js';
import type { MessageWriter } from '../store/message-writer.js';
import type { Database, MessageRow } from '../store/schema.js';
import { type ContentInput, resolveContent } from './message-content.js';
import type { ChatRoomFlood } from './chat-room-flood.js';
import type { MessagePolicy } from './message-policy.js';
import { insertMessage, nextSeq, readOwnMessage, sentBefore } from './message-statements.js';
import { newMessageId } from './message-ids.js';
import { toMessageRecord } from './message-view.js';
import { RoomLoad } from './room-load.js';
import { isInChatRoom, memberIds } from './conversation-access.js';
import { assertCanSend } from './send-permission.js';

export interface SendInput extends ContentInput {
  cid: string;
  clientId: string;
  /** Ask for a delivery receipt; kept only in 1:1 conversations. */
  receipt?: boolean;
  /** Chat rooms only. */
  priority?: MessagePriority;
}

export interface SendResult {
  /** The message as the sender sees it. */
  message: MessageRecord;
  /** False when this `(from, clientId)` was already committed: the first result is returned. */
  created: boolean;
  /** Members at commit time, to deliver to. */
  members: string[];
  kind: ConversationKind;
  /** The sender's custom offline push payload. */
  pushData?: Record<string, unknown>;
}

export interface HistoryInput {
  cid: string;
  afterSeq?: number;
  beforeSeq?: number;
  afterTime?: number;
  beforeTime?: number;
  type?: number;
  limit?: number;
}

/** Where a message may be sent, and to whom it goes. */
export interface MessageTarget {
  kind: ConversationKind;
  members: string[];
}

/** Loads a conversation's kind and members; undefined when it does not exist. */
export async function loadTarget(db: Kysely<Database>, cid: string): Promise<MessageTarget | undefined> {
  const conversation = await db.selectFrom('conversations').select('kind').where('id', '=', cid).executeTakeFirst();
  if (!conversation) return undefined;
  return { kind: conversation.kind as ConversationKind, members: await memberIds(db, cid) };
}

/** Who may be @-mentioned: the members; a chat room keeps no member list, so anyone. */
export function mentionable(target: MessageTarget): readonly string[] | undefined {
  return target.kind === 'transient' ? undefined : target.members;
}

/** A 1:1 conversation: the only kind with delivery and read receipts. */
export function isOneToOne(target: MessageTarget): boolean {
  return target.kind !== 'transient' && target.kind !== 'system' && target.members.length === 2;
}

/** Sending (idempotent, committed before it returns), relaying transient messages, and reading history. */
export class MessageService {
  private readonly roomLoad: RoomLoad;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly writer: MessageWriter,
    private readonly clock: Clock,
    private readonly policy: MessagePolicy,
    /** Each sender's budget in chat rooms (the conversation policy's). */
    readonly flood: ChatRoomFlood,
    /** Counts chat room load cluster-wide when nodes share a Redis. */
    redis?: RedisClient,
  ) {
    this.roomLoad = new RoomLoad(policy, redis);
  }

  send(from: string, input: SendInput): Promise<SendResult> {
    return this.writer.write(async (trx) => {
      const existing = await sentBefore.takeFirst(trx, { sender: from, clientId: input.clientId });
      if (existing) {
        // A resend of a committed message (rare): answered with the first result.
        const target = await loadTarget(trx, input.cid);
        return { message: toMessageRecord(existing), created: false, members: target?.members ?? [], kind: target?.kind ?? 'normal' };
      }
      // Who may send here: the conversation kind's rules (send-permission.ts).
      const target = await assertCanSend(trx, from, input.cid, this.clock.now(), this.flood);

      const content = await resolveContent(trx, from, input, mentionable(target), this.policy);
      const now = this.clock.now();
      if (target.kind === 'transient' && !(await this.roomLoad.admit(input.cid, input.priority ?? 'normal', now))) {
        throw new ChatError('RATE_LIMITED', 'The chat room is busy: the message was dropped', { field: 'priority' });
      }
      const id = newMessageId();
      const { last_seq: seq } = (await nextSeq.takeFirst(trx, { cid: input.cid, now, id }))!;
      const row: MessageRow = {
        id,
        conversation_id: input.cid,
        seq: Number(seq),
        sender: from,
        client_id: input.clientId,
        type: input.type,
        text: content.text ?? null,
        attributes: content.attributes ? JSON.stringify(content.attributes) : null,
        created_at: now,
        updated_at: null,
        content: Object.keys(content.content).length > 0 ? JSON.stringify(content.content) : null,
        mention_list: content.mentionList ? JSON.stringify(content.mentionList) : null,
        mention_all: content.mentionAll ? 1 : 0,
        receipt: input.receipt && isOneToOne(target) ? 1 : 0,
        delivered_at: null,
      };
      await insertMessage.execute(trx, row);

      const mentioned = (content.mentionAll ? target.members : (content.mentionList ?? [])).filter((m) => m !== from);
      if (mentioned.length > 0) {
        await trx
          .updateTable('members')
          .set({ last_mention_seq: Number(seq) })
          .where('conversation_id', '=', input.cid)
          .where('user_id', 'in', mentioned)
          .execute();
      }
      await readOwnMessage.execute(trx, { cid: input.cid, user: from, seq: Number(seq) });
      return { message: toMessageRecord(row), created: true, members: target.members, kind: target.kind, pushData: input.pushData };
    });
  }

  /** A transient message: checked like any other, then handed back for online delivery only. */
  async relay(from: string, input: SendInput): Promise<SendResult> {
    const target = await assertCanSend(this.db, from, input.cid, this.clock.now(), this.flood);
    const content = await resolveContent(this.db, from, input, mentionable(target), this.policy);
    const message: MessageRecord = {
      id: nanoid(),
      cid: input.cid,
      seq: 0,
      from,
      clientId: input.clientId,
      type: input.type,
      timestamp: this.clock.now(),
      transient: true,
      ...content.content,
    };
    if (content.text !== undefined) message.text = content.text;
    if (content.attributes) message.attributes = content.attributes;
    if (content.mentionList) message.mentionList = content.mentionList;
    if (content.mentionAll) message.mentionAll = true;
    return { message, created: true, members: target.members, kind: target.kind };
  }

  /**
   * A page of history, oldest first, as `user` sees it. With `afterSeq`/`afterTime` it reads
   * forward from there (catch-up); otherwise backward from `beforeSeq`/`beforeTime` or from the
   * newest message. `type` keeps only messages of that type.
   */
  async history(user: string, input: HistoryInput): Promise<HistoryPage> {
    await this.requireReader(user, input.cid);
    const limit = input.limit ?? DEFAULT_LIMITS.historyPageSize;
    let query = this.db.selectFrom('messages').selectAll().where('conversation_id', '=', input.cid);
    if (input.type !== undefined) query = query.where('type', '=', input.type);
    const forward = input.afterSeq !== undefined || input.afterTime !== undefined;
    if (input.afterSeq !== undefined) query = query.where('seq', '>', input.afterSeq);
    if (input.afterTime !== undefined) query = query.where('created_at', '>', input.afterTime);
    if (input.beforeSeq !== undefined) query = query.where('seq', '<', input.beforeSeq);
    if (input.beforeTime !== undefined) query = query.where('created_at', '<', input.beforeTime);
    const rows = await query
      .orderBy('seq', forward ? 'asc' : 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    if (!forward) page.reverse();
    return { messages: page.map((row) => toMessageRecord(row, user)), hasMore: rows.length > limit };
  }

  /**
   * Messages recalled or edited after the cursor `<ms>:<id>`, in conversations the user is in,
   * oldest change first: how caches that were offline learn of changes to what they hold.
   */
  async patches(user: string, input: { after: string; limit?: number }): Promise<PatchPage> {
    const at = input.after.indexOf(':');
    const time = Number(input.after.slice(0, at));
    const afterId = input.after.slice(at + 1);
    const limit = input.limit ?? DEFAULT_LIMITS.historyPageSize;
    const rows = await this.db
      .selectFrom('messages as msg')
      .innerJoin('members as m', (join) => join.onRef('m.conversation_id', '=', 'msg.conversation_id').on('m.user_id', '=', user))
      .selectAll('msg')
      .where('msg.updated_at', 'is not', null)
      .where((eb) => eb.or([eb('msg.updated_at', '>', time), eb.and([eb('msg.updated_at', '=', time), eb('msg.id', '>', afterId)])]))
      .orderBy('msg.updated_at')
      .orderBy('msg.id')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const messages = page.map((row) => toMessageRecord(row, user));
    return rows.length > limit && last ? { messages, next: `${Number(last.updated_at)}:${last.id}` } : { messages };
  }

  /** Members read history; a chat room keeps no members, so those in the room now read it. */
  private async requireReader(user: string, cid: string): Promise<void> {
    const member = await this.db
      .selectFrom('members')
      .select('user_id')
      .where('conversation_id', '=', cid)
      .where('user_id', '=', user)
      .executeTakeFirst();
    if (member) return;
    if (!(await isInChatRoom(this.db, cid, user))) throw new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });
  }
}
