import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import type { MemberChangeResult } from '../../protocol/conversation-model.js';
import { MessageType } from '../../protocol/limits.js';
import type { ConversationRecord, MessageRecord } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import { kindOf, memberIds, notVisible, SERVICE_SENDER } from './conversation-access.js';
import type { AttributeChanges, ConversationAttributes } from './conversation-attributes.js';
import { viewConversation } from './conversation-view.js';
import { failure, result } from './member-service.js';
import type { MessageService } from './message-service.js';
import { type Notice, notice } from './notice.js';
import { newConversationRow } from './new-conversation-row.js';

export interface ServiceMessageInput {
  text: string;
  attributes?: Record<string, unknown>;
  /** Only these subscribers; everyone subscribed when absent. */
  to?: string[];
}

export interface ServiceSendResult {
  /** One message for a broadcast; one per recipient's thread otherwise. */
  messages: MessageRecord[];
  /** Listed users who are not subscribed: nothing was sent to them. */
  notSubscribed: string[];
}

/**
 * Service conversations (`system`): made and run by the site's server through the admin API.
 * Users are subscribed by the server; every user may find a service, subscribers receive what it
 * sends and read its history, and only the service sends. A message for some subscribers only
 * goes to each one's own thread with the service (a `system` conversation with that one member),
 * so nobody else's history, and nobody's `seq`, is affected.
 */
export class ServiceConversations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly attributes: ConversationAttributes,
    private readonly messages: MessageService,
  ) {}

  async create(input: { name: string; attributes?: Record<string, unknown> }): Promise<ConversationRecord> {
    const now = this.clock.now();
    const id = nanoid();
    await this.db
      .insertInto('conversations')
      .values(newConversationRow({ id, kind: 'system', name: input.name, creator: SERVICE_SENDER, now, attributes: input.attributes }))
      .execute();
    return viewConversation(this.db, SERVICE_SENDER, id);
  }

  /** A service by its exact name (the oldest, if several share it). */
  async findByName(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .select('id')
      .where('kind', '=', 'system')
      .where('service_id', 'is', null)
      .where('name', '=', name)
      .orderBy('created_at')
      .executeTakeFirst();
    return row?.id;
  }

  async update(cid: string, changes: AttributeChanges): Promise<{ conversation: ConversationRecord; notices: Notice[] }> {
    await this.requireService(cid);
    return this.attributes.update(SERVICE_SENDER, cid, changes);
  }

  async subscribe(cid: string, users: string[]): Promise<{ data: MemberChangeResult; notices: Notice[] }> {
    await this.requireService(cid);
    const now = this.clock.now();
    const fresh = await this.db.transaction().execute(async (trx) => {
      const current = new Set(await memberIds(trx, cid));
      const added = [...new Set(users)].filter((u) => !current.has(u));
      if (added.length > 0) {
        await trx
          .insertInto('members')
          .values(added.map((u) => ({ conversation_id: cid, user_id: u, role: 'subscriber', joined_at: now, last_read_seq: 0 })))
          .execute();
      }
      return added;
    });
    const notices: Notice[] = [];
    for (const user of fresh) {
      notices.push(notice({ users: [user] }, 'conversation:invited', { conversation: await viewConversation(this.db, user, cid), invitedBy: SERVICE_SENDER }));
    }
    return { data: result(cid, [...new Set(users)]), notices };
  }

  async unsubscribe(cid: string, users: string[]): Promise<{ data: MemberChangeResult; notices: Notice[] }> {
    await this.requireService(cid);
    const unique = [...new Set(users)];
    const current = new Set(await memberIds(this.db, cid));
    const removed = unique.filter((u) => current.has(u));
    if (removed.length > 0) await this.db.deleteFrom('members').where('conversation_id', '=', cid).where('user_id', 'in', removed).execute();
    return {
      data: result(cid, removed, failure('CONVERSATION_MEMBERSHIP_REQUIRED', unique.filter((u) => !current.has(u)), 'Not subscribed')),
      notices: removed.length > 0 ? [notice({ users: removed }, 'conversation:kicked', { cid, kickedBy: SERVICE_SENDER })] : [],
    };
  }

  /** To every subscriber, or to some of them through their own threads. */
  async send(cid: string, input: ServiceMessageInput): Promise<ServiceSendResult & { deliveries: { message: MessageRecord; members: string[] }[] }> {
    const service = await this.requireService(cid);
    const content = { type: MessageType.TEXT, text: input.text, ...(input.attributes ? { attributes: input.attributes } : {}) };
    if (!input.to) {
      const sent = await this.messages.send(SERVICE_SENDER, { cid, clientId: nanoid(), ...content });
      return { messages: [sent.message], notSubscribed: [], deliveries: [{ message: sent.message, members: sent.members }] };
    }
    const subscribers = new Set(await memberIds(this.db, cid));
    const recipients = [...new Set(input.to)];
    const deliveries: { message: MessageRecord; members: string[] }[] = [];
    for (const user of recipients.filter((u) => subscribers.has(u))) {
      const thread = await this.threadFor(service, user);
      const sent = await this.messages.send(SERVICE_SENDER, { cid: thread, clientId: nanoid(), ...content });
      deliveries.push({ message: sent.message, members: [user] });
    }
    return { messages: deliveries.map((d) => d.message), notSubscribed: recipients.filter((u) => !subscribers.has(u)), deliveries };
  }

  /** The one thread between a service and one subscriber, made on first use. */
  private async threadFor(service: { id: string; name: string }, user: string): Promise<string> {
    const now = this.clock.now();
    const key = `service:${service.id}\n${user}`;
    return this.db.transaction().execute(async (trx) => {
      const id = nanoid();
      const inserted = await trx
        .insertInto('conversations')
        .values({
          id,
          kind: 'system',
          name: service.name,
          creator: SERVICE_SENDER,
          unique_key: key,
          attributes: '{}',
          created_at: now,
          updated_at: now,
          last_message_at: null,
          last_message_id: null,
          last_seq: 0,
          service_id: service.id,
        })
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return (await trx.selectFrom('conversations').select('id').where('unique_key', '=', key).executeTakeFirstOrThrow()).id;
      await trx.insertInto('members').values({ conversation_id: id, user_id: user, role: 'subscriber', joined_at: now, last_read_seq: 0 }).execute();
      return id;
    });
  }

  private async requireService(cid: string): Promise<{ id: string; name: string }> {
    const row = await this.db.selectFrom('conversations').selectAll().where('id', '=', cid).executeTakeFirst();
    if (!row || row.service_id !== null) notVisible();
    if (kindOf(row) !== 'system') throw new ChatError('SYSTEM_CONVERSATION_REQUIRED', undefined, { field: 'cid' });
    return row;
  }
}
