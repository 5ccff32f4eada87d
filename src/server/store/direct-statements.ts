import type { Statement } from 'better-sqlite3';
import type { DialectAdapter, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** SQLite's one connection, with its prepared statements (see statement-cache.ts). */
export interface SqliteStatements {
  prepare(sql: string): Statement;
  /** Whether a transaction is open on the connection. */
  readonly inTransaction: boolean;
}

/** By the dialect adapter a database and each of its transactions share. */
const connections = new WeakMap<DialectAdapter, SqliteStatements>();

/**
 * Lets the prepared queries of a SQLite database run straight on its connection inside a
 * transaction (see `directStatements`).
 */
export function runDirectlyInTransactions(db: Kysely<Database>, statements: SqliteStatements): void {
  connections.set(db.getExecutor().adapter, statements);
}

/**
 * Where a prepared query may skip Kysely's executor: inside a SQLite transaction, which holds the
 * one connection for itself until it ends, so running the statement on it directly is running
 * the same statement on the same connection. What is skipped is a dozen promises and objects per
 * query, a third of what a message send allocates. Anywhere else (PostgreSQL, or outside a
 * transaction, where other queries wait their turn for the connection) Kysely runs it.
 */
export function directStatements(db: Kysely<Database>): SqliteStatements | undefined {
  if (!db.isTransaction) return undefined;
  const statements = connections.get(db.getExecutor().adapter);
  // A transaction object used after its transaction ended must not write outside one.
  return statements?.inTransaction ? statements : undefined;
}

/** Runs one statement as Kysely's SQLite driver would, with the same result. */
export function runStatement<Row>(statements: SqliteStatements, sql: string, parameters: readonly unknown[]): QueryResult<Row> {
  const statement = statements.prepare(sql);
  if (statement.reader) return { rows: statement.all(parameters) as Row[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}
