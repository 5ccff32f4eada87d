import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as initial from './migrations/001-initial.js';
import * as conversations from './migrations/002-conversations.js';
import * as messages from './migrations/003-messages.js';
import * as support from './migrations/004-support.js';
import * as cluster from './migrations/005-cluster.js';
import * as uploadAttachments from './migrations/006-upload-attachments.js';
import * as agentConnectionNodes from './migrations/007-agent-connection-nodes.js';
import * as changedMessagesIndex from './migrations/008-changed-messages-index.js';
import * as userProfiles from './migrations/009-user-profiles.js';
import * as conversationClientIds from './migrations/010-conversation-client-ids.js';
import type { Database } from './schema.js';
import { postgresPool } from './postgres-pool.js';
import { DurableSqliteDialect } from './durable-sqlite.js';
import { runDirectlyInTransactions } from './direct-statements.js';
import { withStatementCache } from './statement-cache.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-conversations': conversations,
  '003-messages': messages,
  '004-support': support,
  '005-cluster': cluster,
  '006-upload-attachments': uploadAttachments,
  '007-agent-connection-nodes': agentConnectionNodes,
  '008-changed-messages-index': changedMessagesIndex,
  '009-user-profiles': userProfiles,
  '010-conversation-client-ids': conversationClientIds,
};

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:'. */
  file: string;
  /** `postgres://…`: use PostgreSQL instead of the SQLite file (several nodes share one database). */
  url?: string;
}

/**
 * Opens the embedded SQLite store and brings its schema up to date.
 *
 * WAL, and every commit is on disk before it returns (durable-sqlite.ts, without holding up the
 * event loop), so a message the server has acknowledged survives a power cut. Group commit (see
 * message-writer.ts) keeps that affordable.
 */
export async function openDatabase({ file, url }: OpenDatabaseOptions): Promise<Kysely<Database>> {
  const db = url ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(url) }) }) : openSqlite(file);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const database = withStatementCache(sqlite);
  if (file !== ':memory:') {
    sqlite.pragma('journal_mode = WAL');
    // The driver syncs the WAL after each commit itself (off the event loop).
    sqlite.pragma('synchronous = NORMAL');
  }
  const dialect = file === ':memory:' ? new SqliteDialect({ database }) : new DurableSqliteDialect({ database }, file);
  const db = new Kysely<Database>({ dialect });
  runDirectlyInTransactions(db, database);
  return db;
}
