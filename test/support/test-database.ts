import { type DatabaseFactory, databaseFactory, startPostgres } from './services.js';

/**
 * PARLEY_TEST_DATABASE=postgres runs the server tests on PostgreSQL: one throwaway cluster per
 * test process (or the one at PARLEY_TEST_POSTGRES_URL), one fresh database per data folder.
 */
let cluster: Promise<DatabaseFactory> | undefined;
const databases = new Map<string, Promise<string>>();

export function testingOnPostgres(): boolean {
  return process.env.PARLEY_TEST_DATABASE === 'postgres';
}

/** The database URL for a test server with this data folder, or undefined for SQLite. */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (!testingOnPostgres()) return undefined;
  let url = databases.get(dataDir);
  if (!url) {
    url = (await postgresCluster()).createDatabase();
    databases.set(dataDir, url);
  }
  return url;
}

function postgresCluster(): Promise<DatabaseFactory> {
  const shared = process.env.PARLEY_TEST_POSTGRES_URL;
  cluster ??= shared ? Promise.resolve(databaseFactory(shared)) : startPostgres().then((server) => {
    // Stopping is synchronous (pg_ctl), so it can run as the process exits.
    process.once('exit', () => server.stopNow());
    return server;
  });
  return cluster;
}
