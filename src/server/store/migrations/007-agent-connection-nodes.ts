import type { Kysely } from 'kysely';

// Which node holds each agent connection, so a live node can forget the connections of one that
// died (like chat room presence, 005-cluster). Rows from before this have no node: stale ones.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('support_agent_connections').addColumn('node_id', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.createIndex('support_agent_connections_by_node').on('support_agent_connections').column('node_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('support_agent_connections_by_node').execute();
  await db.schema.alterTable('support_agent_connections').dropColumn('node_id').execute();
}
