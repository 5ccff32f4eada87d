import type { Kysely } from 'kysely';
import { ChatError } from '../../../protocol/chat-error.js';
import { MessageType } from '../../../protocol/limits.js';
import type { MessageRecord, UserProfile } from '../../../protocol/model.js';
import type { OfflineReason, VisitorInfo, VisitorTicket } from '../../../protocol/support-model.js';
import type { Clock } from '../../config.js';
import type { Database } from '../../store/schema.js';
import { notVisible } from '../conversation-access.js';
import type { MessageService } from '../message-service.js';
import { toMessageRecord } from '../message-view.js';
import type { Notice } from '../notice.js';
import { TEMPORARY_PREFIX, type TemporaryConversations } from '../temporary-conversations.js';
import { type ClientInfo, conversationExists, loadTicket, reloadTicket, type SupportOutcome } from './support-access.js';
import type { SupportLimits } from './support-limits.js';
import type { SupportNotices } from './support-notices.js';
import { isWithinHours, type SupportPolicy } from './support-policy.js';
import { type HandlerChange, setHandler, type SupportRouter } from './support-routing.js';
import type { TicketRow, TicketViews } from './ticket-views.js';

export interface StartInput {
  department?: string;
  form?: Record<string, string>;
  info?: Omit<VisitorInfo, 'userAgent' | 'form'>;
  message?: { text: string; clientId: string };
}

export interface VisitorDeskDeps {
  db: Kysely<Database>;
  clock: Clock;
  policy: SupportPolicy;
  limits: SupportLimits;
  router: SupportRouter;
  views: TicketViews;
  notices: SupportNotices;
  temporary: TemporaryConversations;
  messages: MessageService;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The visitor's side: opening a support conversation (routed at once, or queued), the earlier
 * ones, reopening, ending and rating; and the checks on visitors' sends.
 */
export class VisitorDesk {
  constructor(private readonly deps: VisitorDeskDeps) {}

  /** Whether visitors of the department can start a conversation now, and why not. */
  async availability(department: string): Promise<OfflineReason | undefined> {
    if (!isWithinHours(this.deps.policy.businessHours, this.deps.clock.now())) return 'closed';
    const { anyAvailable } = await this.deps.router.candidates(this.deps.db, department);
    return anyAvailable ? undefined : 'no-agents';
  }

  department(requested: string | undefined): string {
    const department = requested ?? this.deps.policy.defaultDepartment;
    if (!this.deps.policy.departments.some((d) => d.id === department)) {
      throw new ChatError('INVALID_PAYLOAD', `department: no department "${department}"`, { field: 'department' });
    }
    return department;
  }

  async start(user: UserProfile, client: ClientInfo, input: StartInput): Promise<SupportOutcome<{ ticket: VisitorTicket; message?: MessageRecord }>> {
    const { db, clock, policy } = this.deps;
    if (user.role === 'agent') throw new ChatError('CONVERSATION_OPERATION_UNAUTHORIZED', 'Agents do not open support conversations');
    const again = input.message ? await this.startedWith(user, input.message.clientId) : undefined;
    if (again) return { data: again, notices: [], deliveries: [] };
    const department = this.department(input.department);
    const form = this.checkForm(input.form ?? {});
    await this.deps.limits.admitStart(user.id, client.ip);
    if (input.message) await this.deps.limits.admitSend(user.id, client.ip);
    await this.assertOpen(department);

    const info: VisitorInfo = { ...input.info, ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 500) } : {}), form };
    const conversation = await this.deps.temporary.create(user.id, {
      members: [],
      ttl: policy.ttlSeconds,
      attributes: { support: { department } },
    });
    const cid = conversation.id;
    const now = clock.now();
    let change;
    try {
      change = await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('support_tickets')
          .values({
            cid,
            visitor_id: user.id,
            visitor_name: form.name?.trim() || user.name,
            department,
            status: 'queued',
            info: JSON.stringify(info),
            created_at: now,
            queued_at: now,
          })
          .execute();
        const [best] = (await this.deps.router.candidates(trx, department)).ranked;
        return best ? this.deps.router.assign(trx, cid, user.id, best, now) : undefined;
      });
    } catch (error) {
      await db.deleteFrom('conversations').where('id', '=', cid).execute();
      throw error;
    }

    const deliveries: SupportOutcome<unknown>['deliveries'] = [];
    let message: MessageRecord | undefined;
    if (input.message) {
      const sent = await this.deps.messages.send(user.id, { cid, clientId: input.message.clientId, type: MessageType.TEXT, text: input.message.text });
      message = sent.message;
      if (sent.created) deliveries.push({ message: sent.message, members: sent.members });
    }
    const row = await reloadTicket(db, cid);
    const notices = await this.routed(row, change ?? { removed: [] }, user.id);
    const ticket = await this.deps.views.forVisitor(row);
    return { data: message ? { ticket, message } : { ticket }, notices, deliveries };
  }

  /** A start sent again (its answer was lost): the conversation its first message opened. */
  private async startedWith(user: UserProfile, clientId: string): Promise<{ ticket: VisitorTicket; message: MessageRecord } | undefined> {
    const row = await this.deps.db
      .selectFrom('messages')
      .selectAll()
      .where('sender', '=', user.id)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    const ticket = row && (await this.deps.db.selectFrom('support_tickets').selectAll().where('cid', '=', row.conversation_id).executeTakeFirst());
    if (!row || !ticket) return undefined;
    return { ticket: await this.deps.views.forVisitor(ticket), message: toMessageRecord(row, user.id) };
  }

  /** The visitor's conversations that still exist, newest first. */
  async mine(user: UserProfile): Promise<VisitorTicket[]> {
    const rows = await this.deps.db
      .selectFrom('support_tickets as t')
      .innerJoin('conversations as c', 'c.id', 't.cid')
      .selectAll('t')
      .where('t.visitor_id', '=', user.id)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.cid', 'desc')
      .limit(50)
      .execute();
    return this.deps.views.visitorViews(rows);
  }

  /** A closed conversation again: routed like a new one, its time to live renewed. */
  async reopen(user: UserProfile, client: ClientInfo, cid: string): Promise<SupportOutcome<VisitorTicket>> {
    const { db, clock, policy } = this.deps;
    const row = await loadTicket(db, user, cid);
    if (row.visitor_id !== user.id) notVisible();
    if (!(await conversationExists(db, cid))) notVisible();
    if (row.status !== 'closed') return { data: await this.deps.views.forVisitor(row), notices: [], deliveries: [] };
    await this.deps.limits.admitStart(user.id, client.ip);
    await this.assertOpen(row.department);
    const now = clock.now();
    const change = await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('support_tickets')
        .set({ status: 'queued', queued_at: now, closed_at: null, rating: null, rating_comment: null, agent_id: null })
        .where('cid', '=', cid)
        .execute();
      await trx.updateTable('conversations').set({ expires_at: now + policy.ttlSeconds * 1000, updated_at: now }).where('id', '=', cid).execute();
      const [best] = (await this.deps.router.candidates(trx, row.department)).ranked;
      return best ? this.deps.router.assign(trx, cid, user.id, best, now) : setHandler(trx, cid, user.id, undefined, now);
    });
    const after = await reloadTicket(db, cid);
    const notices = await this.routed(after, change, user.id);
    return { data: await this.deps.views.forVisitor(after), notices, deliveries: [] };
  }

  async rate(user: UserProfile, cid: string, score: number, comment?: string): Promise<SupportOutcome<VisitorTicket>> {
    const row = await loadTicket(this.deps.db, user, cid);
    if (row.visitor_id !== user.id) notVisible();
    if (row.status !== 'closed') throw new ChatError('SUPPORT_NOT_CLOSED', undefined, { field: 'cid' });
    await this.deps.db
      .updateTable('support_tickets')
      .set({ rating: score, rating_comment: comment?.trim() || null })
      .where('cid', '=', cid)
      .execute();
    const after = await reloadTicket(this.deps.db, cid);
    const notices = await this.deps.notices.ticket(after);
    return { data: await this.deps.views.forVisitor(after), notices, deliveries: [] };
  }

  /**
   * Before a message is stored: a closed support conversation takes no messages (4772), and
   * visitors' sends count against their limits. Other conversations pass untouched.
   */
  async admitSend(user: UserProfile, client: ClientInfo, cid: string): Promise<void> {
    if (!cid.startsWith(TEMPORARY_PREFIX)) return;
    const row = await this.deps.db.selectFrom('support_tickets').select(['visitor_id', 'agent_id', 'status']).where('cid', '=', cid).executeTakeFirst();
    if (!row || (row.visitor_id !== user.id && row.agent_id !== user.id)) return;
    if (row.status === 'closed') throw new ChatError('SUPPORT_CONVERSATION_CLOSED', undefined, { field: 'cid' });
    if (row.visitor_id === user.id) await this.deps.limits.admitSend(user.id, client.ip);
  }

  /** After a message is stored: the handling agent's first one is the first response. */
  async recordSent(message: MessageRecord): Promise<void> {
    if (!message.cid.startsWith(TEMPORARY_PREFIX)) return;
    await this.deps.db
      .updateTable('support_tickets')
      .set({ first_response_at: message.timestamp })
      .where('cid', '=', message.cid)
      .where('agent_id', '=', message.from)
      .where('first_response_at', 'is', null)
      .execute();
  }

  private async assertOpen(department: string): Promise<void> {
    const reason = await this.availability(department);
    if (reason) throw new ChatError('SUPPORT_OFFLINE', undefined, { field: 'department', reason });
  }

  /** Pre-chat answers: only configured fields, required ones present, emails that look like one. */
  private checkForm(form: Record<string, string>): Record<string, string> {
    const fields = this.deps.policy.preChatFields;
    for (const key of Object.keys(form)) {
      if (!fields.some((f) => f.name === key)) throw new ChatError('INVALID_PAYLOAD', `form.${key}: no such field`, { field: `form.${key}` });
    }
    for (const field of fields) {
      const value = form[field.name]?.trim() ?? '';
      if (field.required && !value) throw new ChatError('INVALID_PAYLOAD', `form.${field.name}: required`, { field: `form.${field.name}` });
      if (field.type === 'email' && value && !EMAIL.test(value)) {
        throw new ChatError('INVALID_PAYLOAD', `form.${field.name}: not an email address`, { field: `form.${field.name}` });
      }
    }
    return form;
  }

  /** After routing: the agents' and the visitor's news, or the queue's. */
  private async routed(row: TicketRow, change: HandlerChange, by: string): Promise<Notice[]> {
    const handover = change.added || change.removed.length > 0 ? await this.deps.notices.handler(row, change, by) : [];
    const agents = await this.deps.notices.agentStates([...(change.added ? [change.added] : []), ...change.removed]);
    const news = change.added ? await this.deps.notices.ticket(row) : await this.deps.notices.queue(row.department);
    return [...handover, ...news, ...agents];
  }
}
