import { type Compilable, type CompiledQuery, createQueryId, type Kysely, type QueryResult } from 'kysely';
import { directStatements, runStatement } from './direct-statements.js';
import type { Database } from './schema.js';

/** Marks where a named parameter goes while the query is built once. */
const PLACEHOLDER = '\u0000parley-parameter:';

/**
 * A query built and compiled once per dialect, then run with new parameter values.
 *
 * Kysely builds an immutable tree and compiles it to SQL on every execution; on a message send
 * that costs more than SQLite takes to run the statement. The hot queries are written once with
 * named placeholders (`p('cid')`) and only their parameter list changes from run to run.
 *
 * A placeholder stands for one whole value (a `where` operand, a `set` or `values` entry), never
 * for SQL text; constants written into the query stay as they are.
 */
export class PreparedQuery<Params extends Record<string, unknown>, Row> {
  private readonly compiled = new Map<unknown, { sql: string; query: CompiledQuery['query']; slots: Slot<Params>[] }>();

  constructor(private readonly build: (db: Kysely<Database>, p: <K extends keyof Params & string>(name: K) => Params[K]) => Compilable<Row>) {}

  async execute(db: Kysely<Database>, params: Params): Promise<QueryResult<Row>> {
    const { sql, query, slots } = this.compiledFor(db);
    const parameters = slots.map((slot) => ('value' in slot ? slot.value : params[slot.name]));
    const direct = directStatements(db);
    if (direct) return runStatement<Row>(direct, sql, parameters);
    return db.executeQuery<Row>({ sql, query, parameters, queryId: createQueryId() });
  }

  async takeFirst(db: Kysely<Database>, params: Params): Promise<Row | undefined> {
    return (await this.execute(db, params)).rows[0];
  }

  private compiledFor(db: Kysely<Database>) {
    // SQLite and PostgreSQL compile the same query differently: one compilation per dialect.
    const adapter = db.getExecutor().adapter.constructor;
    let entry = this.compiled.get(adapter);
    if (!entry) {
      const compiled = this.build(db, (name) => `${PLACEHOLDER}${name}` as never).compile();
      const slots = compiled.parameters.map((value): Slot<Params> => {
        if (typeof value === 'string' && value.startsWith(PLACEHOLDER)) return { name: value.slice(PLACEHOLDER.length) as keyof Params & string };
        return { value };
      });
      entry = { sql: compiled.sql, query: compiled.query, slots };
      this.compiled.set(adapter, entry);
    }
    return entry;
  }
}

type Slot<Params> = { name: keyof Params & string } | { value: unknown };
