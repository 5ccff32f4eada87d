import type { Kysely } from 'kysely';
import type { Clock } from '../../config.js';
import type { Database } from '../../store/schema.js';
import { isPostgres } from '../../store/dialect.js';
import { serves } from './support-agents.js';

interface Candidate {
  id: string;
  open: number;
  lastAssignedAt: number;
}

/** What changed in a conversation's members when its handler changed. */
export interface HandlerChange {
  added?: string;
  removed: string[];
}

/**
 * Routing rules, run inside a transaction so every node decides from the same rows: the
 * available, connected agents of a department with room for another conversation, fewest open
 * first, ties to the longest idle (least recently assigned).
 */
export class SupportRouter {
  constructor(
    private readonly maxOpenPerAgent: number,
    private readonly clock: Clock,
  ) {}

  /**
   * Available agents of the department, best first, with whether any is available at all (even
   * at capacity). On PostgreSQL the available agents' rows stay locked until the transaction
   * ends, so concurrent routings on any node take turns and each sees the other's assignment.
   */
  async candidates(trx: Kysely<Database>, department: string): Promise<{ ranked: string[]; anyAvailable: boolean }> {
    await closeOrphans(trx, this.clock.now());
    let available = trx
      .selectFrom('support_agents as a')
      .select(['a.user_id', 'a.departments', 'a.last_assigned_at'])
      .where('a.status', '=', 'available')
      .where((eb) => eb.exists(eb.selectFrom('support_agent_connections as c').select('c.socket_id').whereRef('c.user_id', '=', 'a.user_id')))
      .orderBy('a.user_id');
    if (isPostgres(trx)) available = available.forUpdate();
    const agents = (await available.execute()).filter((row) => serves(row, department));
    if (agents.length === 0) return { ranked: [], anyAvailable: false };
    const loads = await trx
      .selectFrom('support_tickets')
      .select(['agent_id', (eb) => eb.fn.countAll<number>().as('open')])
      .where('status', '=', 'active')
      .where(
        'agent_id',
        'in',
        agents.map((a) => a.user_id),
      )
      .groupBy('agent_id')
      .execute();
    const openBy = new Map(loads.map((l) => [l.agent_id, Number(l.open)]));
    const ranked: Candidate[] = agents
      .map((a) => ({ id: a.user_id, open: openBy.get(a.user_id) ?? 0, lastAssignedAt: Number(a.last_assigned_at) }))
      .filter((c) => c.open < this.maxOpenPerAgent)
      .sort((x, y) => x.open - y.open || x.lastAssignedAt - y.lastAssignedAt || (x.id < y.id ? -1 : 1));
    return { ranked: ranked.map((c) => c.id), anyAvailable: true };
  }

  /** Open conversations the agent has room for now (0 when away, offline or full); locks the agent on PostgreSQL. */
  async room(trx: Kysely<Database>, agent: string): Promise<number> {
    await closeOrphans(trx, this.clock.now());
    let query = trx
      .selectFrom('support_agents as a')
      .select('a.user_id')
      .where('a.user_id', '=', agent)
      .where('a.status', '=', 'available')
      .where((eb) => eb.exists(eb.selectFrom('support_agent_connections as c').select('c.socket_id').whereRef('c.user_id', '=', 'a.user_id')));
    if (isPostgres(trx)) query = query.forUpdate();
    if (!(await query.executeTakeFirst())) return 0;
    const { open } = await trx
      .selectFrom('support_tickets')
      .select((eb) => eb.fn.countAll<number>().as('open'))
      .where('agent_id', '=', agent)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Math.max(0, this.maxOpenPerAgent - Number(open));
  }

  /** The ticket is now the agent's: active, the agent a member, everyone else but the visitor out. */
  async assign(trx: Kysely<Database>, cid: string, visitor: string, agent: string, now: number): Promise<HandlerChange> {
    await trx
      .updateTable('support_tickets')
      .set((eb) => ({ status: 'active', agent_id: agent, assigned_at: eb.fn.coalesce('assigned_at', eb.val(now)) }))
      .where('cid', '=', cid)
      .execute();
    await trx.updateTable('support_agents').set({ last_assigned_at: now }).where('user_id', '=', agent).execute();
    return setHandler(trx, cid, visitor, agent, now);
  }
}

/** Members of a support conversation: the visitor and its current handler (if any), nobody else. */
export async function setHandler(trx: Kysely<Database>, cid: string, visitor: string, agent: string | undefined, now: number): Promise<HandlerChange> {
  const keep = agent ? [visitor, agent] : [visitor];
  const current = (await trx.selectFrom('members').select('user_id').where('conversation_id', '=', cid).execute()).map((m) => m.user_id);
  const removed = current.filter((m) => !keep.includes(m));
  if (removed.length > 0) await trx.deleteFrom('members').where('conversation_id', '=', cid).where('user_id', 'in', removed).execute();
  if (!agent || current.includes(agent)) return { removed };
  await trx.insertInto('members').values({ conversation_id: cid, user_id: agent, role: 'member', joined_at: now, last_read_seq: 0 }).execute();
  return { added: agent, removed };
}

/**
 * Tickets whose temporary conversation expired (and was deleted with its history) are closed,
 * so they no longer count as an agent's load nor wait in a queue.
 */
export async function closeOrphans(trx: Kysely<Database>, now: number): Promise<void> {
  await trx
    .updateTable('support_tickets')
    .set({ status: 'closed', closed_at: now })
    .where('status', '<>', 'closed')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('conversations').select('id').whereRef('conversations.id', '=', 'support_tickets.cid'))))
    .execute();
}
