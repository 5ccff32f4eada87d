import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { TokenVerifier } from '../../src/server/index.js';
import { type ServerProcess, startServerProcess } from '../../test/support/server-process.js';
import type { PostgresServer, RedisServer } from '../../test/support/services.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0';

/** N Parley nodes (`npm start` processes) on one fresh PostgreSQL database and one Redis. */
export async function startParleyNodes(count: number, postgres: PostgresServer, redis: RedisServer) {
  const databaseUrl = await postgres.createDatabase();
  const nodes: ServerProcess[] = [];
  // One after the other: the first runs the migrations. Each bench sender goes far beyond a
  // person's pace: the per-user command budget is checked, never spent.
  for (let i = 0; i < count; i++) {
    nodes.push(await startServerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PARLEY_SECRET: BENCH_SECRET, LOG_LEVEL: 'info', PARLEY_COMMAND_BUDGET: '1000000000/1' }));
  }
  const tokens = new TokenVerifier(BENCH_SECRET);
  return {
    urls: nodes.map((n) => n.url),
    /** A websocket connection for `user` to node `index`. */
    async connect(index: number, user: string): Promise<Socket> {
      const token = await tokens.sign({ id: user, name: user });
      return open(nodes[index]!.url, { token });
    },
    stop: () => Promise.all(nodes.map((n) => n.stop())),
  };
}

/** N plain socket.io relay processes sharing one Redis (bench/support/relay-server.ts). */
export async function startRelays(count: number, redis: RedisServer) {
  const relays = await Promise.all(Array.from({ length: count }, () => startRelay(redis.url)));
  return {
    urls: relays.map((r) => r.url),
    connect: (index: number, user: string) => open(relays[index]!.url, { user }),
    stop: () => Promise.all(relays.map((r) => r.stop())),
  };
}

async function startRelay(redisUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/support/relay-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /relay listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function open(url: string, auth: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
