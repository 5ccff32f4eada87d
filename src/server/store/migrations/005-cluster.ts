import type { Kysely } from 'kysely';

// Several nodes on one database: which node holds each chat room connection, when each node last
// showed it is alive (so the others can clean up after one that died), and when each periodic
// job last ran anywhere (so it runs once per cluster). Plain SQL types for SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('chat_room_presence').addColumn('node_id', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.createIndex('chat_room_presence_by_node').on('chat_room_presence').column('node_id').execute();
  await db.schema
    .createTable('cluster_nodes')
    .addColumn('node_id', 'text', (c) => c.primaryKey())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cluster_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cluster_jobs').execute();
  await db.schema.dropTable('cluster_nodes').execute();
  await db.schema.dropIndex('chat_room_presence_by_node').execute();
  await db.schema.alterTable('chat_room_presence').dropColumn('node_id').execute();
}
