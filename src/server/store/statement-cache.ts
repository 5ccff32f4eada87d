import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteStatements } from './direct-statements.js';

/** Distinct SQL texts kept prepared; queries with `in (?, ?, …)` lists vary, so the cache is bounded. */
const MAX_STATEMENTS = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running the small
 * queries a message send makes. This hands it the same prepared statement for the same SQL.
 * Past the bound the oldest entry goes (a hit does not reorder: that costs every query two more
 * hash lookups of its SQL text, and re-preparing an evicted hot statement once is cheap).
 */
export function withStatementCache(sqlite: SqliteDatabase): SqliteStatements & { close(): void } {
  const cache = new Map<string, Statement>();
  return {
    close: () => sqlite.close(),
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare(sql: string): Statement {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
