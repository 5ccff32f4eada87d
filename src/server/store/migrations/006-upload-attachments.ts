import type { Kysely } from 'kysely';

// When an upload was first attached to a message: uploads never attached are orphans (a
// cancelled or abandoned send) and are removed after a while (files/orphan-uploads.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('uploads').addColumn('attached_at', 'bigint').execute();
  await db.schema.createIndex('uploads_unattached').on('uploads').columns(['attached_at', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('uploads_unattached').execute();
  await db.schema.alterTable('uploads').dropColumn('attached_at').execute();
}
