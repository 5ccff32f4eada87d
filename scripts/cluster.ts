// `npm run cluster`: a local two-node cluster to try: a throwaway PostgreSQL and Redis (Debian's
// postgresql and redis-server packages), then two Parley nodes sharing them on ports 3001 and
// 3002. Ctrl-C stops everything and deletes the database.
import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from '../test/support/server-process.js';
import { startPostgres, startRedis } from '../test/support/services.js';

const postgres = await startPostgres();
const redis = await startRedis();
const databaseUrl = await postgres.createDatabase();
// One data folder: the nodes share the demo secret (so a token from one works on the other) and uploads.
const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PARLEY_DATA_DIR: join('data', 'cluster'), HOST: '127.0.0.1' };
// One after the other: the first creates the schema and the demo secret.
const nodes: ServerProcess[] = [];
for (const port of [3001, 3002]) nodes.push(await startServerProcess({ ...env, PORT: String(port) }));

console.log(`PostgreSQL: ${databaseUrl}\nRedis: ${redis.url}`);
for (const node of nodes) console.log(`node: ${node.url}/ (open two tabs, one on each node)`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    for (const node of nodes) await node.stop();
    await redis.stop();
    await postgres.stop();
    process.exit(0);
  });
}
