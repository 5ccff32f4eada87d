import { type Kysely, sql } from 'kysely';

// Only recalled and edited messages have `updated_at`, and only they are looked up by it (the
// changes a cache catches up on). Indexing just those spares every new message one more index
// entry to write.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_by_update').execute();
  await db.schema
    .createIndex('messages_by_update')
    .on('messages')
    .columns(['updated_at', 'id'])
    .where(sql.ref('updated_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_by_update').execute();
  await db.schema.createIndex('messages_by_update').on('messages').columns(['updated_at', 'id']).execute();
}
