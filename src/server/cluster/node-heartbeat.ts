import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/schema.js';

export interface HeartbeatTiming {
  /** How often this node says it is alive (and looks for dead ones). */
  intervalMs: number;
  /** Silence after which a node counts as dead and its connections as dropped. */
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatTiming = { intervalMs: 5000, timeoutMs: 20_000 };

/**
 * Node liveness on the shared database: each node stamps its row every interval, and each looks
 * for nodes silent past the timeout (killed, crashed, cut off) and releases what they held: their
 * chat room presence becomes drops, so the online counts are right again within
 * timeout + interval, and the users can rejoin elsewhere within the rejoin window.
 *
 * Stamps use the node's own clock (real time, not the app clock tests move), so the nodes'
 * clocks must agree to well within the timeout, as NTP keeps them.
 */
/** Something that records connections by the node holding them. */
export interface NodeConnections {
  /** The connections these nodes held are gone (the nodes stopped or died). */
  releaseNodes(nodeIds: string[]): Promise<number>;
  /** Node ids on its rows that no heartbeat vouches for. */
  unvouchedNodes(): Promise<string[]>;
}

export class NodeHeartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly nodeId: string,
    /** What records connections by node: chat room presence, agents' connections. */
    private readonly holders: NodeConnections[],
    private readonly timing: HeartbeatTiming,
    private readonly logger: Logger,
  ) {}

  /** Announces this node (before it holds any connection), then clears up after earlier and dead nodes. */
  async start(): Promise<void> {
    await this.beat();
    // Rows under this node's id are from an earlier run of it (a single node restarting).
    await this.release([this.nodeId], 'left by an earlier run of this node');
    for (const holder of this.holders) {
      const unvouched = await holder.unvouchedNodes();
      if (unvouched.length > 0) await this.release(unvouched, 'left by nodes with no heartbeat');
    }
    await this.reap();
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.beat())
        .then(() => this.reap())
        .catch((err: unknown) => this.logger.warn({ err }, 'heartbeat failed'));
    }, this.timing.intervalMs);
    this.timer.unref();
  }

  /** Stopping on purpose: releases this node's connections and leaves no row to time out. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.release([this.nodeId], 'this node stopped');
    await this.db.deleteFrom('cluster_nodes').where('node_id', '=', this.nodeId).execute();
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    await this.db
      .insertInto('cluster_nodes')
      .values({ node_id: this.nodeId, heartbeat_at: now })
      .onConflict((oc) => oc.column('node_id').doUpdateSet({ heartbeat_at: now }))
      .execute();
  }

  private async reap(): Promise<void> {
    const cutoff = Date.now() - this.timing.timeoutMs;
    const dead = await this.db
      .selectFrom('cluster_nodes')
      .select('node_id')
      .where('heartbeat_at', '<', cutoff)
      .where('node_id', '!=', this.nodeId)
      .execute();
    if (dead.length === 0) return;
    const ids = dead.map((d) => d.node_id);
    await this.release(ids, 'dead nodes released');
    // Unless one came back meanwhile.
    await this.db.deleteFrom('cluster_nodes').where('node_id', 'in', ids).where('heartbeat_at', '<', cutoff).execute();
  }

  private async release(nodeIds: string[], what: string): Promise<void> {
    let connections = 0;
    for (const holder of this.holders) connections += await holder.releaseNodes(nodeIds);
    if (connections > 0) this.logger.info({ nodes: nodeIds, connections }, what);
  }
}
