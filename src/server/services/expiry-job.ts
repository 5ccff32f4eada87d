import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import type { ConversationPolicy } from './conversation-policy.js';
import { notice, type Notice, sendNotices } from './notice.js';
import type { Realtime } from './realtime.js';

export interface ExpiryReport {
  /** Temporary conversations past their time to live. */
  expired: number;
  /** Conversations with no message and no change for the inactivity period. */
  inactive: number;
}

/**
 * Deletes, with their history, temporary conversations past their time and any conversation
 * with no new message and no change for the inactivity period (SPEC §4). Reading history is not
 * activity. Members online are told (`conversation:deleted`); afterwards the id answers 4401.
 */
export class ExpiryJob {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: ConversationPolicy,
    private readonly realtime: Realtime,
  ) {}

  async expireNow(): Promise<ExpiryReport> {
    const report: ExpiryReport = { expired: 0, inactive: 0 };
    const now = this.clock.now();
    const cutoff = now - this.policy.inactiveAfterMs;
    for (;;) {
      const expired = await this.db
        .selectFrom('conversations')
        .select(['id', 'kind'])
        .where('expires_at', 'is not', null)
        .where('expires_at', '<=', now)
        .limit(this.policy.expiryBatchSize)
        .execute();
      if (expired.length === 0) break;
      report.expired += await this.delete(expired, 'expired');
    }
    for (;;) {
      // Served by `conversations_by_updated`; the last message's time is checked on those rows.
      const inactive = await this.db
        .selectFrom('conversations')
        .select(['id', 'kind'])
        .where('updated_at', '<', cutoff)
        .where(sql<number>`coalesce(last_message_at, 0)`, '<', cutoff)
        .limit(this.policy.expiryBatchSize)
        .execute();
      if (inactive.length === 0) break;
      report.inactive += await this.delete(inactive, 'inactive');
    }
    return report;
  }

  /** One transaction per batch, so writers are never held up for long. */
  private async delete(rows: { id: string; kind: string }[], reason: 'expired' | 'inactive'): Promise<number> {
    const ids = rows.map((r) => r.id);
    const notices = await this.db.transaction().execute(async (trx) => {
      const members = await trx.selectFrom('members').select(['conversation_id', 'user_id']).where('conversation_id', 'in', ids).execute();
      // Messages, members, restrictions, presence and a service's threads go with it (foreign keys cascade).
      await trx.deleteFrom('conversations').where('id', 'in', ids).execute();
      const list: Notice[] = [];
      for (const row of rows) {
        const users = members.filter((m) => m.conversation_id === row.id).map((m) => m.user_id);
        list.push(notice(row.kind === 'transient' ? { room: row.id } : { users }, 'conversation:deleted', { cid: row.id, reason }));
      }
      return list;
    });
    sendNotices(this.realtime, notices);
    for (const row of rows) {
      if (row.kind !== 'transient') continue;
      this.realtime.evict(row.id);
    }
    return rows.length;
  }
}

/**
 * Runs the expiry job on a timer, one run at a time; `close()` stops it. With several nodes on
 * one database, each tick first claims the run (`claim`), so the job runs once per cluster.
 */
export class JobScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly job: ExpiryJob,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly claim: (intervalMs: number) => Promise<boolean> = async () => true,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    const tick = async () => {
      if (await this.claim(this.intervalMs)) await this.expireNow();
    };
    this.timer = setInterval(() => void tick().catch((err: unknown) => this.logger.error({ err }, 'expiry job failed')), this.intervalMs);
    this.timer.unref();
  }

  /** Runs now (after any run in progress). */
  expireNow(): Promise<ExpiryReport> {
    const run = this.running.then(() => this.job.expireNow());
    this.running = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
