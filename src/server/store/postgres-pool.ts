import pg from 'pg';

// bigint columns (times in ms, seq) and count(*) arrive as strings by default; every such value
// Parley stores fits well within 2^53, so read them as numbers like SQLite does.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (value) => Number(value));

/** The connection pool behind PostgreSQL storage. */
export function postgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}
