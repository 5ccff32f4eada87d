import type { Kysely } from 'kysely';

// The creator's key for a new conversation: the same create sent again (a retry after a lost
// answer, a replayed frame) answers the conversation it made rather than making a second one.
// Conversations made without one have none (NULLs never collide in a unique index).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('client_id', 'text').execute();
  await db.schema.createIndex('conversations_by_client_id').on('conversations').columns(['creator', 'client_id']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversations_by_client_id').execute();
  await db.schema.alterTable('conversations').dropColumn('client_id').execute();
}
