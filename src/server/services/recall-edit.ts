import type { Transaction } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import { MessageType } from '../../protocol/limits.js';
import type { ConversationKind, LocationInfo, MessageRecord } from '../../protocol/model.js';
import { contentProblem } from '../../protocol/schemas.js';
import type { Clock } from '../config.js';
import type { MessageWriter } from '../store/message-writer.js';
import type { Database, MessageRow } from '../store/schema.js';
import { findConversation, isInChatRoom, kindOf, notVisible } from './conversation-access.js';
import { checkMentions } from './message-content.js';
import type { MessagePolicy } from './message-policy.js';
import { type StoredContent, toMessageRecord } from './message-view.js';

/** Who asks: a user (the sender, or an owner/manager moderating), or the admin API. */
export type Actor = { user: string } | { admin: true };

export interface EditInput {
  cid: string;
  id: string;
  text?: string;
  attributes?: Record<string, unknown>;
  location?: LocationInfo;
  fields?: Record<string, unknown>;
  mentionList?: string[];
  mentionAll?: boolean;
}

export interface ChangeResult {
  /** The changed message (as the actor sees it). */
  message: MessageRecord;
  /** Members to tell (none in a chat room: whoever is in the room is told). */
  members: string[];
  kind: ConversationKind;
}

const MODERATOR_ROLES = new Set(['owner', 'manager']);

/**
 * Recall and edit. Only the sender, an owner or manager of the conversation, or the admin API
 * may change a message; a deployment may switch either off or give senders a time window.
 * Both go through the group-commit writer so they order with sends.
 */
export class MessageEdits {
  constructor(
    private readonly writer: MessageWriter,
    private readonly clock: Clock,
    private readonly policy: MessagePolicy,
  ) {}

  /** Replaces the content with the recalled marker, for everyone. */
  recall(actor: Actor, cid: string, id: string): Promise<ChangeResult> {
    if (!this.policy.allowRecall) throw new ChatError('MESSAGE_RECALL_DISABLED');
    return this.writer.write(async (trx) => {
      const { row, members, kind } = await this.authorise(trx, actor, cid, id, this.policy.recallWindowMs);
      const changes = {
        type: MessageType.RECALLED,
        text: null,
        attributes: null,
        content: null,
        mention_list: null,
        mention_all: 0,
        updated_at: nextVersion(row, this.clock.now()),
      };
      await trx.updateTable('messages').set(changes).where('id', '=', row.id).execute();
      return { message: toMessageRecord({ ...row, ...changes }), members, kind };
    });
  }

  /** Replaces the given parts of the content; type, file and position stay. */
  update(actor: Actor, input: EditInput): Promise<ChangeResult> {
    if (!this.policy.allowEdit) throw new ChatError('MESSAGE_EDIT_DISABLED');
    return this.writer.write(async (trx) => {
      const { row, members, kind } = await this.authorise(trx, actor, input.cid, input.id, this.policy.editWindowMs);
      const stored = row.content ? (JSON.parse(row.content) as StoredContent) : {};
      const next = {
        type: row.type,
        text: input.text ?? row.text ?? undefined,
        attributes: input.attributes ?? (row.attributes ? JSON.parse(row.attributes) : undefined),
        file: stored.file,
        location: input.location ?? stored.location,
        fields: input.fields ?? stored.fields,
      };
      const problem = contentProblem(next);
      if (problem) throw new ChatError('INVALID_PAYLOAD', `${problem.field}: ${problem.message}`, { field: problem.field });
      if (next.text !== undefined && next.text.length > this.policy.maxTextLength) {
        throw new ChatError('PAYLOAD_TOO_LARGE', `text: at most ${this.policy.maxTextLength} characters`, { field: 'text' });
      }
      const mentionList = input.mentionList ? checkMentions(input.mentionList, kind === 'transient' ? undefined : members) : undefined;
      const content: StoredContent = {};
      if (next.file) content.file = next.file;
      if (next.location) content.location = next.location;
      if (next.fields) content.fields = next.fields;
      const changes = {
        text: next.text ?? null,
        attributes: input.attributes ? JSON.stringify(input.attributes) : row.attributes,
        content: Object.keys(content).length > 0 ? JSON.stringify(content) : null,
        mention_list: mentionList ? JSON.stringify(mentionList) : row.mention_list,
        mention_all: input.mentionAll === undefined ? row.mention_all : input.mentionAll ? 1 : 0,
        updated_at: nextVersion(row, this.clock.now()),
      };
      const encoded = JSON.stringify({ text: changes.text, attributes: changes.attributes, content: changes.content });
      if (Buffer.byteLength(encoded) > this.policy.maxMessageBytes) {
        throw new ChatError('PAYLOAD_TOO_LARGE', `A message is at most ${this.policy.maxMessageBytes} bytes encoded`, { field: '' });
      }
      await trx.updateTable('messages').set(changes).where('id', '=', row.id).execute();
      const message = toMessageRecord({ ...row, ...changes });
      await this.markNewMentions(trx, message, members);
      return { message, members, kind };
    });
  }

  /**
   * Finds the message and checks the actor may change it. A conversation the user is not in
   * answers like a missing one; a message in it that does not exist answers 4404. A chat room
   * keeps no members: there the actor must be in the room, and its creator moderates.
   */
  private async authorise(
    trx: Transaction<Database>,
    actor: Actor,
    cid: string,
    id: string,
    windowMs: number | undefined,
  ): Promise<{ row: MessageRow; members: string[]; kind: ConversationKind }> {
    const conversation = await findConversation(trx, cid);
    if (!conversation) notVisible();
    const kind = kindOf(conversation);
    const memberRows = await trx.selectFrom('members').select(['user_id', 'role']).where('conversation_id', '=', cid).execute();
    let moderator = false;
    if ('user' in actor && kind === 'transient') {
      if (!(await isInChatRoom(trx, cid, actor.user))) throw new ChatError('CONVERSATION_MEMBERSHIP_REQUIRED', 'Join the chat room to change its messages', { field: 'cid' });
      moderator = conversation.creator === actor.user;
    } else if ('user' in actor) {
      const self = memberRows.find((m) => m.user_id === actor.user);
      if (!self) notVisible();
      // Owners and managers moderate groups; in a private chat nobody changes the other's words.
      moderator = memberRows.length > 2 && MODERATOR_ROLES.has(self.role);
    }
    const row = await trx
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', id)
      .where('conversation_id', '=', cid)
      .executeTakeFirst();
    if (!row) throw new ChatError('MESSAGE_NOT_FOUND', undefined, { field: 'id' });
    if (row.type === MessageType.RECALLED) throw new ChatError('MESSAGE_RECALLED', undefined, { field: 'id' });
    if ('user' in actor && row.sender !== actor.user) {
      if (!moderator) throw new ChatError('MESSAGE_OWNERSHIP_REQUIRED', undefined, { field: 'id' });
    } else if ('user' in actor && windowMs !== undefined && this.clock.now() - Number(row.created_at) > windowMs) {
      // The window binds senders; moderators and the admin API act at any time.
      throw new ChatError('MESSAGE_WINDOW_PASSED', undefined, { field: 'id', windowMs });
    }
    return { row, members: memberRows.map((m) => m.user_id), kind };
  }

  /** Members an edit newly mentions see the unread-mention flag like for a new message. */
  private async markNewMentions(trx: Transaction<Database>, message: MessageRecord, members: string[]): Promise<void> {
    const mentioned = (message.mentionAll ? members : (message.mentionList ?? [])).filter((m) => m !== message.from);
    if (mentioned.length === 0) return;
    await trx
      .updateTable('members')
      .set({ last_mention_seq: message.seq })
      .where('conversation_id', '=', message.cid)
      .where('user_id', 'in', mentioned)
      .where('last_mention_seq', '<', message.seq)
      .execute();
  }
}

/**
 * A change's `updatedAt`: the server's time, but always later than the message's last version,
 * even if the clock stepped back. Caches keep whichever copy has the later one.
 */
function nextVersion(row: Pick<MessageRow, 'created_at' | 'updated_at'>, now: number): number {
  return Math.max(now, Number(row.updated_at ?? row.created_at) + 1);
}
