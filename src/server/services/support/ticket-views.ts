import type { Kysely, Selectable } from 'kysely';
import type { AgentInfo, AgentTicket, TicketStatus, VisitorInfo, VisitorTicket } from '../../../protocol/support-model.js';
import type { Database } from '../../store/schema.js';
import type { SupportTicketsTable } from '../../store/support-schema.js';
import { agentInfo } from './support-agents.js';

export type TicketRow = Selectable<SupportTicketsTable>;

/** The department's waiting tickets, in queue order (their place is their index + 1). */
export async function queuedTickets(db: Kysely<Database>, department: string, limit = 200): Promise<TicketRow[]> {
  return db
    .selectFrom('support_tickets')
    .selectAll()
    .where('status', '=', 'queued')
    .where('department', '=', department)
    .orderBy('queued_at')
    .orderBy('cid')
    .limit(limit)
    .execute();
}

/** One waiting ticket's 1-based place in its department's queue. */
export async function positionOf(db: Kysely<Database>, row: TicketRow): Promise<number> {
  const { ahead } = await db
    .selectFrom('support_tickets')
    .select((eb) => eb.fn.countAll<number>().as('ahead'))
    .where('status', '=', 'queued')
    .where('department', '=', row.department)
    .where((eb) => eb.or([eb('queued_at', '<', row.queued_at), eb.and([eb('queued_at', '=', row.queued_at), eb('cid', '<', row.cid)])]))
    .executeTakeFirstOrThrow();
  return Number(ahead) + 1;
}

/** Turns ticket rows into what visitors and agents see, with agent names and queue places. */
export class TicketViews {
  constructor(private readonly db: Kysely<Database>) {}

  async forVisitor(row: TicketRow, position?: number): Promise<VisitorTicket> {
    const [view] = await this.visitorViews([row], position === undefined ? undefined : new Map([[row.cid, position]]));
    return view!;
  }

  async forAgent(row: TicketRow, position?: number): Promise<AgentTicket> {
    const [view] = await this.agentViews([row], position === undefined ? undefined : new Map([[row.cid, position]]));
    return view!;
  }

  /** `positions`, when known, saves a query per queued row. */
  async visitorViews(rows: TicketRow[], positions?: Map<string, number>): Promise<VisitorTicket[]> {
    const agents = await this.agentsOf(rows);
    return Promise.all(rows.map(async (row) => visitorView(row, agents, positions?.get(row.cid) ?? (await this.placeIfQueued(row)))));
  }

  async agentViews(rows: TicketRow[], positions?: Map<string, number>): Promise<AgentTicket[]> {
    const agents = await this.agentsOf(rows);
    return Promise.all(
      rows.map(async (row) => {
        const view: AgentTicket = {
          ...visitorView(row, agents, positions?.get(row.cid) ?? (await this.placeIfQueued(row))),
          visitor: { id: row.visitor_id, name: row.visitor_name },
          info: JSON.parse(row.info) as VisitorInfo,
          queuedAt: Number(row.queued_at),
        };
        if (row.assigned_at !== null) view.assignedAt = Number(row.assigned_at);
        if (row.first_response_at !== null) view.firstResponseAt = Number(row.first_response_at);
        return view;
      }),
    );
  }

  private async placeIfQueued(row: TicketRow): Promise<number | undefined> {
    return row.status === 'queued' ? positionOf(this.db, row) : undefined;
  }

  private async agentsOf(rows: TicketRow[]): Promise<Map<string, AgentInfo>> {
    const ids = [...new Set(rows.map((r) => r.agent_id).filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Map();
    const found = await this.db.selectFrom('support_agents').select(['user_id', 'name', 'avatar']).where('user_id', 'in', ids).execute();
    return new Map(found.map((row) => [row.user_id, agentInfo(row)]));
  }
}

function visitorView(row: TicketRow, agents: Map<string, AgentInfo>, position: number | undefined): VisitorTicket {
  const view: VisitorTicket = {
    cid: row.cid,
    status: row.status as TicketStatus,
    department: row.department,
    createdAt: Number(row.created_at),
  };
  if (position !== undefined) view.position = position;
  const agent = row.agent_id ? agents.get(row.agent_id) : undefined;
  if (agent) view.agent = agent;
  if (row.closed_at !== null) view.closedAt = Number(row.closed_at);
  if (row.rating !== null) view.rating = row.rating_comment ? { score: Number(row.rating), comment: row.rating_comment } : { score: Number(row.rating) };
  return view;
}
