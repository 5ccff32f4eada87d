import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * Claims a periodic job's run for this node: true for the first node whose timer fires once the
 * last run (on any node) is nearly an interval old, false for the others. One conditional
 * UPDATE, atomic on SQLite and PostgreSQL alike, so the job runs once per interval per cluster
 * with no lock to hold or leak; if the node that claimed a run dies during it, the next
 * interval's claimant does the work (the jobs are idempotent).
 */
export async function claimJobRun(db: Kysely<Database>, name: string, intervalMs: number, now = Date.now()): Promise<boolean> {
  await db
    .insertInto('cluster_jobs')
    .values({ name, last_run_at: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  // A tenth of slack: nodes' timers drift, and a run due a few ms early must not skip an interval.
  const result = await db
    .updateTable('cluster_jobs')
    .set({ last_run_at: now })
    .where('name', '=', name)
    .where('last_run_at', '<=', now - intervalMs * 0.9)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
