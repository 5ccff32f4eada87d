import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { viewConversation } from '../conversation-view.js';
import { type Notice, notice } from '../notice.js';
import type { SupportAgents } from './support-agents.js';
import type { HandlerChange } from './support-routing.js';
import { queuedTickets, type TicketRow, type TicketViews } from './ticket-views.js';

/**
 * The pushes that follow a committed change, read back from the database so every one of them
 * describes the state as it is now (whichever node made the change).
 */
export class SupportNotices {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly views: TicketViews,
    private readonly agents: SupportAgents,
    private readonly now: () => number,
  ) {}

  /** The ticket as its visitor and its handler see it now. */
  async ticket(row: TicketRow): Promise<Notice[]> {
    const notices = [notice({ users: [row.visitor_id] }, 'support:updated', await this.views.forVisitor(row))];
    if (row.agent_id) notices.push(notice({ users: [row.agent_id] }, 'support:ticket-updated', await this.views.forAgent(row)));
    return notices;
  }

  /** The department's queue to its agents, and each waiting visitor's new place. */
  async queue(department: string): Promise<Notice[]> {
    const rows = await queuedTickets(this.db, department);
    const positions = new Map(rows.map((row, index) => [row.cid, index + 1]));
    const [agentViews, visitorViews, agentIds] = await Promise.all([
      this.views.agentViews(rows, positions),
      this.views.visitorViews(rows, positions),
      this.agents.idsServing(department),
    ]);
    return [
      notice({ users: agentIds }, 'support:queue-updated', { department, tickets: agentViews }),
      ...visitorViews.map((view, index) => notice({ users: [rows[index]!.visitor_id] }, 'support:updated', view)),
    ];
  }

  /** A handler change: the new agent gets the ticket and the conversation, the old ones lose it. */
  async handler(row: TicketRow, change: HandlerChange, by: string): Promise<Notice[]> {
    const notices: Notice[] = [];
    const updatedAt = this.now();
    if (change.added) {
      notices.push(notice({ users: [change.added] }, 'support:assigned', await this.views.forAgent(row)));
      notices.push(notice({ users: [change.added] }, 'conversation:invited', { conversation: await viewConversation(this.db, change.added, row.cid), invitedBy: by }));
      notices.push(notice({ users: [row.visitor_id] }, 'conversation:members-joined', { cid: row.cid, members: [change.added], invitedBy: by, updatedAt }));
    }
    for (const agent of change.removed) {
      notices.push(notice({ users: [agent] }, 'support:released', { cid: row.cid, reason: 'transferred' }));
      notices.push(notice({ users: [agent] }, 'conversation:kicked', { cid: row.cid, kickedBy: by }));
    }
    if (change.removed.length > 0) {
      const remaining = [row.visitor_id, ...(change.added ? [change.added] : [])];
      notices.push(notice({ users: remaining }, 'conversation:members-left', { cid: row.cid, members: change.removed, kickedBy: by, updatedAt }));
    }
    return notices;
  }

  /** These agents' availability or load, to every agent. */
  async agentStates(ids: string[]): Promise<Notice[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const [states, everyone] = await Promise.all([this.agents.states(unique), this.agents.allIds()]);
    return states.map((state) => notice({ users: everyone }, 'support:agent-updated', state));
  }
}
