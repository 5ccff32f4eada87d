import type { Kysely } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { MessageRecord } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import { resolveContent } from './message-content.js';
import type { MessagePolicy } from './message-policy.js';
import { mentionable, type MessageService, type SendInput, type SendResult } from './message-service.js';
import { assertCanSend } from './send-permission.js';

/**
 * Will messages: held by the server and sent to their conversation only if the sender's last
 * connection drops abnormally (network loss, crash), never on a clean disconnect. One per user:
 * a later will replaces the earlier one.
 */
export class WillService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: MessagePolicy,
    private readonly messages: MessageService,
  ) {}

  /** Checks the will like a send (so a bad one fails now), then keeps it. No `id` or `seq` until sent. */
  async hold(from: string, input: SendInput): Promise<MessageRecord> {
    const now = this.clock.now();
    const target = await assertCanSend(this.db, from, input.cid, now, this.messages.flood);
    const content = await resolveContent(this.db, from, input, mentionable(target), this.policy);
    const payload = JSON.stringify(input);
    await this.db
      .insertInto('will_messages')
      .values({ sender: from, conversation_id: input.cid, payload, created_at: now })
      .onConflict((oc) => oc.column('sender').doUpdateSet({ conversation_id: input.cid, payload, created_at: now }))
      .execute();
    const record: MessageRecord = {
      id: '',
      cid: input.cid,
      seq: 0,
      from,
      clientId: input.clientId,
      type: input.type,
      timestamp: now,
      will: true,
      ...content.content,
    };
    if (content.text !== undefined) record.text = content.text;
    if (content.attributes) record.attributes = content.attributes;
    return record;
  }

  /**
   * The user's last connection dropped abnormally: sends their will, once. Answers the sent
   * message, or undefined when there was none or it can no longer be sent (e.g. they left).
   */
  async release(user: string): Promise<SendResult | undefined> {
    const will = await this.db.selectFrom('will_messages').selectAll().where('sender', '=', user).executeTakeFirst();
    if (!will) return undefined;
    let result: SendResult | undefined;
    try {
      // Idempotent on the will's clientId: a release repeated after a crash sends nothing twice.
      result = await this.messages.send(user, JSON.parse(will.payload) as SendInput);
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
    }
    await this.db.deleteFrom('will_messages').where('sender', '=', user).where('created_at', '=', will.created_at).execute();
    return result;
  }

  /** A clean disconnect or logout: the will is dropped unsent. */
  async discard(user: string): Promise<void> {
    await this.db.deleteFrom('will_messages').where('sender', '=', user).execute();
  }
}
