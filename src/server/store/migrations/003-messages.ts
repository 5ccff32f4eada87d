import type { Kysely } from 'kysely';

// Message types, send options, mentions, receipts, uploads, wills and push subscriptions.
// Plain SQL types, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  const addToMessages = [
    // Type-specific content as JSON: { file } | { location } | { fields }.
    db.schema.alterTable('messages').addColumn('content', 'text'),
    db.schema.alterTable('messages').addColumn('mention_list', 'text'),
    db.schema.alterTable('messages').addColumn('mention_all', 'integer', (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('messages').addColumn('receipt', 'integer', (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('messages').addColumn('delivered_at', 'bigint'),
  ];
  for (const step of addToMessages) await step.execute();
  // History filtered by type ("only images"), by time, and changes since a time (recall/edit sync).
  await db.schema.createIndex('messages_by_type').on('messages').columns(['conversation_id', 'type', 'seq']).execute();
  await db.schema.createIndex('messages_by_time').on('messages').columns(['conversation_id', 'created_at']).execute();
  await db.schema.createIndex('messages_by_update').on('messages').columns(['updated_at', 'id']).execute();

  // Highest seq this member's devices received, and highest seq that @-mentions them.
  await db.schema.alterTable('members').addColumn('last_delivered_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('members').addColumn('last_mention_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // One will per user: a later one replaces it.
  await db.schema
    .createTable('will_messages')
    .addColumn('sender', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('endpoint', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_by_user').on('push_subscriptions').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_subscriptions').execute();
  await db.schema.dropTable('will_messages').execute();
  await db.schema.dropTable('uploads').execute();
  await db.schema.dropIndex('messages_by_update').execute();
  await db.schema.dropIndex('messages_by_time').execute();
  await db.schema.dropIndex('messages_by_type').execute();
  for (const column of ['last_mention_seq', 'last_delivered_seq']) {
    await db.schema.alterTable('members').dropColumn(column).execute();
  }
  for (const column of ['delivered_at', 'receipt', 'mention_all', 'mention_list', 'content']) {
    await db.schema.alterTable('messages').dropColumn(column).execute();
  }
}
