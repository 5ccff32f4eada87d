import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * The few places where SQLite and PostgreSQL spell the same thing differently. Services keep one
 * code path and ask these helpers for the dialect-specific fragment.
 */
export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Where `needle` first occurs in `haystack` as a plain substring (no LIKE wildcards to escape): from 1, or 0 if it does not. */
export function textPosition(db: Kysely<Database>, haystack: RawBuilder<unknown>, needle: string | RawBuilder<unknown>): RawBuilder<number> {
  return isPostgres(db) ? sql<number>`strpos(${haystack}, ${needle})` : sql<number>`instr(${haystack}, ${needle})`;
}

/** `haystack` contains `needle` as a plain substring. */
export function containsText(db: Kysely<Database>, haystack: RawBuilder<unknown>, needle: string | RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`${textPosition(db, haystack, needle)} > 0`;
}

/** A cheap figure for how many rows `table` holds (only used to pick a query plan). */
export function approximateRowCount(db: Kysely<Database>, table: string): RawBuilder<number> {
  // SQLite: rowids only grow, so the largest is an O(1) upper bound. PostgreSQL has no rowid.
  return isPostgres(db) ? sql<number>`(select count(*) from ${sql.table(table)})` : sql<number>`(select max(rowid) from ${sql.table(table)})`;
}

/** Reading one value inside a JSON text column by path segments, typed the way JSON is. */
export interface JsonField {
  /** The value's JSON type is `null` (not missing). */
  isNull: RawBuilder<boolean>;
  /** The value is present at all. */
  exists: RawBuilder<boolean>;
  isBoolean(value: boolean): RawBuilder<boolean>;
  isNumber: RawBuilder<boolean>;
  isText: RawBuilder<boolean>;
  /** The value as a number or a string, to compare with a parameter (only after isNumber/isText). */
  number: RawBuilder<number>;
  text: RawBuilder<string>;
}

export function jsonField(db: Kysely<Database>, column: RawBuilder<unknown>, segments: string[]): JsonField {
  if (isPostgres(db)) {
    const at = sql`(${column}::jsonb #> ${segments}::text[])`;
    const type = sql`jsonb_typeof(${at})`;
    const asText = sql`(${column}::jsonb #>> ${segments}::text[])`;
    return {
      isNull: sql`${type} = 'null'`,
      exists: sql`${type} is not null`,
      isBoolean: (value) => sql`(${type} = 'boolean' and ${asText} = ${value ? 'true' : 'false'})`,
      isNumber: sql`${type} = 'number'`,
      isText: sql`${type} = 'string'`,
      // CASE keeps the cast away from values of other types, whatever order the planner picks.
      number: sql`(case when ${type} = 'number' then ${asText}::numeric end)`,
      text: sql`(case when ${type} = 'string' then ${asText} end)`,
    };
  }
  const path = `$${segments.map((segment) => `."${segment}"`).join('')}`;
  const type = sql`json_type(${column}, ${path})`;
  const value = sql`json_extract(${column}, ${path})`;
  return {
    isNull: sql`${type} = 'null'`,
    exists: sql`${type} is not null`,
    isBoolean: (value) => sql`${type} = ${value ? 'true' : 'false'}`,
    isNumber: sql`${type} in ('integer', 'real')`,
    isText: sql`${type} = 'text'`,
    number: sql`${value}`,
    text: sql`${value}`,
  };
}
