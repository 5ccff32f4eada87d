import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../../protocol/chat-error.js';
import { MessageType } from '../../../protocol/limits.js';
import type { UserProfile } from '../../../protocol/model.js';
import type { AgentState, AgentStatus, AgentTicket, VisitorTicket } from '../../../protocol/support-model.js';
import type { Clock } from '../../config.js';
import { isPostgres } from '../../store/dialect.js';
import type { Database } from '../../store/schema.js';
import type { MessageService } from '../message-service.js';
import type { Notice } from '../notice.js';
import { loadTicket, reloadTicket, type SupportOutcome } from './support-access.js';
import { agentInfo, requireAgent, serves, type SupportAgents } from './support-agents.js';
import type { SupportNotices } from './support-notices.js';
import { closeOrphans, setHandler, type SupportRouter } from './support-routing.js';
import { queuedTickets, type TicketRow, type TicketViews } from './ticket-views.js';

export interface AgentDeskDeps {
  db: Kysely<Database>;
  clock: Clock;
  agents: SupportAgents;
  router: SupportRouter;
  views: TicketViews;
  notices: SupportNotices;
  messages: MessageService;
}

const none = <T>(data: T): SupportOutcome<T> => ({ data, notices: [], deliveries: [] });

/**
 * The agents' side: availability, the queue, taking (one winner when several take at once),
 * transferring, closing; and handing waiting conversations to agents who have room again.
 */
export class AgentDesk {
  constructor(private readonly deps: AgentDeskDeps) {}

  async setAvailability(user: UserProfile, status: AgentStatus): Promise<SupportOutcome<AgentState>> {
    await this.deps.agents.setStatus(user, status);
    const drained = status === 'available' ? await this.drainFor(user.id) : [];
    const notices = [...drained, ...(await this.deps.notices.agentStates([user.id]))];
    return { data: await this.deps.agents.state(user.id), notices, deliveries: [] };
  }

  /** An agent's connection opened or closed: their online state changed for everyone. */
  async connectionChanged(user: string, opened: boolean): Promise<Notice[]> {
    const drained = opened ? await this.drainFor(user) : [];
    return [...drained, ...(await this.deps.notices.agentStates([user]))];
  }

  async list(user: UserProfile): Promise<AgentState[]> {
    requireAgent(user);
    return this.deps.agents.states();
  }

  /** The waiting conversations of the departments the agent serves (or one of them), oldest first. */
  async queue(user: UserProfile, department?: string): Promise<AgentTicket[]> {
    requireAgent(user);
    await closeOrphans(this.deps.db, this.deps.clock.now());
    const departments = this.deps.agents.served(user).filter((d) => !department || d === department);
    const tickets: AgentTicket[] = [];
    for (const d of departments) {
      const rows = await queuedTickets(this.deps.db, d);
      tickets.push(...(await this.deps.views.agentViews(rows, new Map(rows.map((r, i) => [r.cid, i + 1])))));
    }
    return tickets.sort((a, b) => a.queuedAt! - b.queuedAt! || (a.cid < b.cid ? -1 : 1));
  }

  /** The agent's own conversations (active by default), newest first. */
  async mine(user: UserProfile, status: 'active' | 'closed' = 'active'): Promise<AgentTicket[]> {
    requireAgent(user);
    const rows = await this.deps.db
      .selectFrom('support_tickets')
      .selectAll()
      .where('agent_id', '=', user.id)
      .where('status', '=', status)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return this.deps.views.agentViews(rows);
  }

  async get(user: UserProfile, cid: string): Promise<VisitorTicket | AgentTicket> {
    const row = await loadTicket(this.deps.db, user, cid);
    return user.role === 'agent' ? this.deps.views.forAgent(row) : this.deps.views.forVisitor(row);
  }

  /**
   * Takes a waiting conversation. The update only matches while it is still queued, so when two
   * agents take at once (on any node) exactly one row changes and the other agent gets 4774.
   */
  async take(user: UserProfile, cid: string): Promise<SupportOutcome<AgentTicket>> {
    await this.deps.agents.ensure(user);
    const row = await loadTicket(this.deps.db, user, cid);
    const now = this.deps.clock.now();
    const change = await this.deps.db.transaction().execute(async (trx) => {
      // Agent row before ticket row, the order routing locks them in (no deadlock with a hand-out to this agent).
      await lockAgent(trx, user.id);
      const taken = await trx
        .updateTable('support_tickets')
        .set((eb) => ({ status: 'active', agent_id: user.id, assigned_at: eb.fn.coalesce('assigned_at', eb.val(now)) }))
        .where('cid', '=', cid)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (taken.numUpdatedRows !== 1n) return undefined;
      await trx.updateTable('support_agents').set({ last_assigned_at: now }).where('user_id', '=', user.id).execute();
      return setHandler(trx, cid, row.visitor_id, user.id, now);
    });
    if (!change) {
      const current = await reloadTicket(this.deps.db, cid);
      if (current.status === 'closed') throw new ChatError('SUPPORT_CONVERSATION_CLOSED', undefined, { field: 'cid' });
      throw new ChatError('SUPPORT_ALREADY_TAKEN', undefined, { field: 'cid' });
    }
    const after = await reloadTicket(this.deps.db, cid);
    const notices = [
      ...(await this.deps.notices.handler(after, change, user.id)),
      ...(await this.deps.notices.ticket(after)),
      ...(await this.deps.notices.queue(after.department)),
      ...(await this.deps.notices.agentStates([user.id])),
    ];
    return { data: await this.deps.views.forAgent(after), notices, deliveries: [] };
  }

  /** Hands an active conversation to another available agent, with a notice in the conversation. */
  async transfer(user: UserProfile, cid: string, to: string): Promise<SupportOutcome<AgentTicket>> {
    await this.deps.agents.ensure(user);
    const row = await loadTicket(this.deps.db, user, cid);
    if (row.agent_id !== user.id) throw new ChatError('CONVERSATION_OPERATION_UNAUTHORIZED', 'Only the agent handling it may transfer it', { field: 'cid' });
    if (row.status !== 'active') throw new ChatError('SUPPORT_CONVERSATION_CLOSED', undefined, { field: 'cid' });
    const [target] = await this.deps.agents.states([to]);
    if (!target || to === user.id || target.status !== 'available' || !target.online) {
      throw new ChatError('SUPPORT_AGENT_UNAVAILABLE', undefined, { field: 'to' });
    }
    const now = this.deps.clock.now();
    const moved = await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('support_tickets')
        .set({ agent_id: to })
        .where('cid', '=', cid)
        .where('agent_id', '=', user.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return false;
      await trx.updateTable('support_agents').set({ last_assigned_at: now }).where('user_id', '=', to).execute();
      await trx.insertInto('members').values({ conversation_id: cid, user_id: to, role: 'member', joined_at: now, last_read_seq: 0 }).onConflict((oc) => oc.doNothing()).execute();
      return true;
    });
    if (!moved) throw new ChatError('SUPPORT_ALREADY_TAKEN', undefined, { field: 'cid' });
    // Written while the old agent is still a member: everyone in the conversation sees the handover.
    const from = agentInfo({ user_id: user.id, name: user.name, avatar: user.avatar ?? null });
    const toInfo = { id: target.id, name: target.name, ...(target.avatar ? { avatar: target.avatar } : {}) };
    const sent = await this.deps.messages.send(user.id, {
      cid,
      clientId: `support-transfer-${nanoid()}`,
      type: MessageType.TEXT,
      text: `${user.name} transferred the conversation to ${target.name}`,
      attributes: { support: { notice: 'transferred', from, to: toInfo } },
    });
    await setHandler(this.deps.db, cid, row.visitor_id, to, now);
    const after = await reloadTicket(this.deps.db, cid);
    const notices = [
      ...(await this.deps.notices.handler(after, { added: to, removed: [user.id] }, user.id)),
      ...(await this.deps.notices.ticket(after)),
      ...(await this.drainFor(user.id)),
      ...(await this.deps.notices.agentStates([user.id, to])),
    ];
    return { data: await this.deps.views.forAgent(after), notices, deliveries: [{ message: sent.message, members: sent.members }] };
  }

  /** The visitor, or an agent who may see it, ends the conversation; the visitor is asked for a rating. */
  async close(user: UserProfile, cid: string): Promise<SupportOutcome<VisitorTicket | AgentTicket>> {
    const row = await loadTicket(this.deps.db, user, cid);
    if (row.status === 'closed') return none(await this.viewFor(user, row));
    await this.deps.db.updateTable('support_tickets').set({ status: 'closed', closed_at: this.deps.clock.now() }).where('cid', '=', cid).execute();
    const after = await reloadTicket(this.deps.db, cid);
    const notices = await this.deps.notices.ticket(after);
    if (row.status === 'queued') notices.push(...(await this.deps.notices.queue(row.department)));
    if (row.agent_id) notices.push(...(await this.drainFor(row.agent_id)), ...(await this.deps.notices.agentStates([row.agent_id])));
    return { data: await this.viewFor(user, after), notices, deliveries: [] };
  }

  /**
   * The agent has room again (available, connected, under the limit): the oldest waiting
   * conversations of their departments become theirs.
   */
  async drainFor(agent: string): Promise<Notice[]> {
    const me = await this.deps.agents.row(agent);
    if (!me) return [];
    const now = this.deps.clock.now();
    const handed = await this.deps.db.transaction().execute(async (trx) => {
      const room = await this.deps.router.room(trx, agent);
      if (room === 0) return [];
      const waiting = await trx
        .selectFrom('support_tickets')
        .selectAll()
        .where('status', '=', 'queued')
        .orderBy('queued_at')
        .orderBy('cid')
        .limit(500)
        .execute();
      const mine = waiting.filter((t) => serves(me, t.department)).slice(0, room);
      const changes = [];
      for (const ticket of mine) changes.push({ ticket, change: await this.deps.router.assign(trx, ticket.cid, ticket.visitor_id, agent, now) });
      return changes;
    });
    const notices: Notice[] = [];
    for (const { ticket, change } of handed) {
      const after = await reloadTicket(this.deps.db, ticket.cid);
      notices.push(...(await this.deps.notices.handler(after, change, agent)), ...(await this.deps.notices.ticket(after)));
    }
    for (const department of new Set(handed.map((h) => h.ticket.department))) notices.push(...(await this.deps.notices.queue(department)));
    return notices;
  }

  private viewFor(user: UserProfile, row: TicketRow): Promise<VisitorTicket | AgentTicket> {
    return user.role === 'agent' ? this.deps.views.forAgent(row) : this.deps.views.forVisitor(row);
  }
}

async function lockAgent(trx: Kysely<Database>, agent: string): Promise<void> {
  if (isPostgres(trx)) await trx.selectFrom('support_agents').select('user_id').where('user_id', '=', agent).forUpdate().execute();
}
