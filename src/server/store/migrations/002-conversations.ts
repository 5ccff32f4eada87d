import { type Kysely, sql } from 'kysely';

// The four kinds, member mute/restrictions, chat room presence, and the indexes queries and the
// expiry job rely on. Plain SQL types, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Temporary conversations: when they stop existing.
  await db.schema.alterTable('conversations').addColumn('expires_at', 'bigint').execute();
  // A service's thread for one subscriber (messages sent to that user only) points at the service.
  await db.schema
    .alterTable('conversations')
    .addColumn('service_id', 'text', (c) => c.references('conversations.id').onDelete('cascade'))
    .execute();
  // The member turned push notifications off for this conversation (`mutedMembers`).
  await db.schema.alterTable('members').addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // Newest activity or change first: all conversations (walked for users in very many), each
  // kind (lists of chat rooms and services), and name search.
  await sql`create index conversations_by_activity on conversations ((coalesce(last_message_at, created_at)), id)`.execute(db);
  await sql`create index conversations_by_kind_activity on conversations (kind, (coalesce(last_message_at, created_at)), id)`.execute(db);
  await db.schema.createIndex('conversations_by_kind_updated').on('conversations').columns(['kind', 'updated_at', 'id']).execute();
  await db.schema.createIndex('conversations_by_kind_name').on('conversations').columns(['kind', 'name']).execute();
  // The expiry job: inactive ones by last change, temporary ones by expiry time.
  await db.schema.createIndex('conversations_by_updated').on('conversations').columns(['updated_at', 'id']).execute();
  await db.schema
    .createIndex('conversations_by_expiry')
    .on('conversations')
    .column('expires_at')
    .where(sql.ref('expires_at'), 'is not', null)
    .execute();
  await db.schema.createIndex('conversations_by_service').on('conversations').column('service_id').execute();

  // Silenced members may read but not send; blocked ones cannot be added or join again.
  await db.schema
    .createTable('member_restrictions')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('restriction', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_restrictions_pk', ['conversation_id', 'restriction', 'user_id'])
    .execute();

  // Who is in which chat room now: one row per connection (one room per login).
  await db.schema
    .createTable('chat_room_presence')
    .addColumn('socket_id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_room_presence_by_room').on('chat_room_presence').columns(['conversation_id', 'user_id']).execute();

  // When a participant's connection dropped out of a room: they may be put back within the window.
  await db.schema
    .createTable('chat_room_drops')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('dropped_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_room_drops_pk', ['user_id', 'conversation_id'])
    .execute();
  await db.schema.createIndex('chat_room_drops_by_room').on('chat_room_drops').column('conversation_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('chat_room_drops').execute();
  await db.schema.dropTable('chat_room_presence').execute();
  await db.schema.dropTable('member_restrictions').execute();
  for (const index of [
    'conversations_by_service',
    'conversations_by_expiry',
    'conversations_by_updated',
    'conversations_by_kind_name',
    'conversations_by_kind_updated',
    'conversations_by_kind_activity',
    'conversations_by_activity',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('members').dropColumn('muted').execute();
  await db.schema.alterTable('conversations').dropColumn('service_id').execute();
  await db.schema.alterTable('conversations').dropColumn('expires_at').execute();
}
