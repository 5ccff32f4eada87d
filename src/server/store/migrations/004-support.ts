import type { Kysely } from 'kysely';

// Customer service: visitors, agents and their connections, support conversations (tickets),
// internal notes and offline messages. Plain SQL types, so it runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('support_visitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('support_agents')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('avatar', 'text')
    .addColumn('departments', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('away'))
    .addColumn('last_assigned_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('support_agent_connections')
    .addColumn('socket_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('connected_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_agent_connections_by_user').on('support_agent_connections').column('user_id').execute();

  await db.schema
    .createTable('support_tickets')
    .addColumn('cid', 'text', (c) => c.primaryKey())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('info', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('queued_at', 'bigint', (c) => c.notNull())
    .addColumn('assigned_at', 'bigint')
    .addColumn('first_response_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .execute();
  // The queue of a department in order; a visitor's conversations; an agent's load.
  await db.schema.createIndex('support_tickets_queue').on('support_tickets').columns(['status', 'department', 'queued_at', 'cid']).execute();
  await db.schema.createIndex('support_tickets_by_visitor').on('support_tickets').columns(['visitor_id', 'created_at']).execute();
  await db.schema.createIndex('support_tickets_by_agent').on('support_tickets').columns(['agent_id', 'status']).execute();
  await db.schema.createIndex('support_tickets_by_time').on('support_tickets').columns(['created_at', 'cid']).execute();

  await db.schema
    .createTable('support_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cid', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_notes_by_conversation').on('support_notes').columns(['cid', 'created_at']).execute();

  await db.schema
    .createTable('support_offline_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('page_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_offline_messages_by_time').on('support_offline_messages').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['support_offline_messages', 'support_notes', 'support_tickets', 'support_agent_connections', 'support_agents', 'support_visitors']) {
    await db.schema.dropTable(table).execute();
  }
}
