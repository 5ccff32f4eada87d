import type { Kysely, Selectable } from 'kysely';
import { ChatError } from '../../../protocol/chat-error.js';
import type { UserProfile } from '../../../protocol/model.js';
import type { AgentInfo, AgentState, AgentStatus, Department } from '../../../protocol/support-model.js';
import type { Clock } from '../../config.js';
import type { Database } from '../../store/schema.js';
import type { SupportAgentsTable } from '../../store/support-schema.js';

export type AgentRow = Selectable<SupportAgentsTable>;

/** Only tokens that say `role: "agent"` may act as agents. */
export function requireAgent(user: UserProfile): void {
  if (user.role !== 'agent') throw new ChatError('SUPPORT_AGENT_REQUIRED');
}

/** The departments a row serves: the ones its token named, or all of them. */
export function departmentsOf(row: Pick<AgentRow, 'departments'>, all: Department[]): string[] {
  const named = row.departments ? (JSON.parse(row.departments) as string[]) : undefined;
  const ids = all.map((d) => d.id);
  return named ? ids.filter((id) => named.includes(id)) : ids;
}

export function serves(row: Pick<AgentRow, 'departments'>, department: string): boolean {
  return row.departments === null || (JSON.parse(row.departments) as string[]).includes(department);
}

export function agentInfo(row: Pick<AgentRow, 'user_id' | 'name' | 'avatar'>): AgentInfo {
  return row.avatar ? { id: row.user_id, name: row.name, avatar: row.avatar } : { id: row.user_id, name: row.name };
}

/**
 * Agents as the database knows them: profile (from their latest token), availability (kept
 * across reconnects) and open connections. Every node shares these rows, so routing reads the
 * same picture on each.
 */
export class SupportAgents {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly departments: Department[],
    /** This node, on the connection rows it records. */
    private readonly nodeId: string,
  ) {}

  /** Creates or refreshes the agent's row from their token (name, avatar, departments). */
  async ensure(user: UserProfile, db: Kysely<Database> = this.db): Promise<void> {
    requireAgent(user);
    const profile = {
      name: user.name,
      avatar: user.avatar ?? null,
      departments: user.departments ? JSON.stringify(user.departments) : null,
      updated_at: this.clock.now(),
    };
    await db
      .insertInto('support_agents')
      .values({ user_id: user.id, status: 'away', last_assigned_at: 0, ...profile })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(profile))
      .execute();
  }

  async connected(user: UserProfile, socketId: string): Promise<void> {
    await this.ensure(user);
    await this.db
      .insertInto('support_agent_connections')
      .values({ socket_id: socketId, user_id: user.id, connected_at: this.clock.now(), node_id: this.nodeId })
      .execute();
  }

  async disconnected(socketId: string): Promise<void> {
    await this.db.deleteFrom('support_agent_connections').where('socket_id', '=', socketId).execute();
  }

  /** The connections these nodes held are gone (the nodes stopped or died). */
  async releaseNodes(nodeIds: string[]): Promise<number> {
    if (nodeIds.length === 0) return 0;
    const { numDeletedRows } = await this.db.deleteFrom('support_agent_connections').where('node_id', 'in', nodeIds).executeTakeFirst();
    return Number(numDeletedRows);
  }

  /** Node ids on connection rows that no heartbeat vouches for (gone before they could say so). */
  async unvouchedNodes(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('support_agent_connections')
      .select('node_id')
      .distinct()
      .where('node_id', 'not in', (eb) => eb.selectFrom('cluster_nodes').select('node_id'))
      .execute();
    return rows.map((r) => r.node_id);
  }

  async setStatus(user: UserProfile, status: AgentStatus): Promise<AgentState> {
    await this.ensure(user);
    await this.db.updateTable('support_agents').set({ status, updated_at: this.clock.now() }).where('user_id', '=', user.id).execute();
    return this.state(user.id);
  }

  async row(id: string, db: Kysely<Database> = this.db): Promise<AgentRow | undefined> {
    return db.selectFrom('support_agents').selectAll().where('user_id', '=', id).executeTakeFirst();
  }

  async state(id: string): Promise<AgentState> {
    const [state] = await this.states([id]);
    if (!state) throw new ChatError('SUPPORT_AGENT_UNAVAILABLE', undefined, { field: 'to' });
    return state;
  }

  /** Every agent, or these ones. */
  async states(ids?: string[]): Promise<AgentState[]> {
    if (ids?.length === 0) return [];
    let query = this.db
      .selectFrom('support_agents as a')
      .selectAll('a')
      .select((eb) => [
        eb.selectFrom('support_agent_connections as c').select((e) => e.fn.countAll<number>().as('n')).whereRef('c.user_id', '=', 'a.user_id').as('connections'),
        eb
          .selectFrom('support_tickets as t')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('t.agent_id', '=', 'a.user_id')
          .where('t.status', '=', 'active')
          .as('open'),
      ])
      .orderBy('a.user_id');
    if (ids) query = query.where('a.user_id', 'in', ids);
    const rows = await query.execute();
    return rows.map((row) => ({
      ...agentInfo(row),
      status: row.status as AgentStatus,
      online: Number(row.connections) > 0,
      departments: departmentsOf(row, this.departments),
      open: Number(row.open),
    }));
  }

  /** The configured departments an agent's token says they serve. */
  served(user: UserProfile): string[] {
    const ids = this.departments.map((d) => d.id);
    return user.departments ? ids.filter((id) => user.departments!.includes(id)) : ids;
  }

  /** Ids of every agent serving the department (to tell them about its queue). */
  async idsServing(department: string): Promise<string[]> {
    const rows = await this.db.selectFrom('support_agents').select(['user_id', 'departments']).execute();
    return rows.filter((row) => serves(row, department)).map((row) => row.user_id);
  }

  async allIds(): Promise<string[]> {
    return (await this.db.selectFrom('support_agents').select('user_id').execute()).map((r) => r.user_id);
  }
}
