import pg from 'pg';

// bigint columns (times in ms, seq) and count(*) arrive as strings by default; every such value
// Parley stores fits well within 2^53, so read them as numbers like SQLite does.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (value) => Number(value));

/** The connection pool behind PostgreSQL storage. */
export function postgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A connection the server drops (restart, failover) must not crash the process. The pool hears
  // of idle ones; one checked out between two queries of a transaction reports to itself, with
  // nobody listening. Its next query fails instead, and the pool replaces it when it comes back.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
