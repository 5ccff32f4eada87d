import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Throwaway PostgreSQL and Redis servers for tests: each on its own free port in a temp folder,
 * started from Debian's packages when they are installed, and removed afterwards.
 */

const PG_BIN_ROOT = '/usr/lib/postgresql';

/** The PostgreSQL binaries folder (newest version installed), or undefined. */
export function postgresBin(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  if (!existsSync(PG_BIN_ROOT)) return undefined;
  const versions = readdirSync(PG_BIN_ROOT)
    .filter((v) => existsSync(join(PG_BIN_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(PG_BIN_ROOT, versions[0], 'bin') : undefined;
}

export function redisBin(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface DatabaseFactory {
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
}

export interface PostgresServer extends DatabaseFactory {
  /** Admin URL (database `postgres`). */
  url: string;
  stop(): Promise<void>;
  /** Stops at once, synchronously (from a process 'exit' handler). */
  stopNow(): void;
  /** Crashes the server (every connection dropped), keeping its data; `up` starts it again. */
  down(): void;
  up(): void;
}

/** As root, initdb and pg_ctl refuse to run, so they run as the `postgres` user. */
function runAsPostgres(command: string, args: string[]): void {
  if (process.getuid?.() === 0) {
    const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
  } else {
    execFileSync(command, args, { stdio: 'pipe' });
  }
}

let databaseCounter = 0;

/** Fresh databases on the server at `adminUrl`, named after this process so parallel test files never clash. */
export function databaseFactory(adminUrl: string): DatabaseFactory {
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1, allowExitOnIdle: true });
  // The server stops at the end of a test file while this idle connection may still be open.
  admin.on('error', () => undefined);
  return {
    async createDatabase() {
      const name = `parley_${process.pid}_${++databaseCounter}`;
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
  };
}

/**
 * A throwaway PostgreSQL. Tuned for speed: no fsync and commits that return before their WAL is
 * written, so a crash (`down`) loses the last ones unless `crashSafe` keeps commits synchronous.
 */
export async function startPostgres({ crashSafe = false } = {}): Promise<PostgresServer> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian: apt-get install -y postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  // The postgres user must reach the folder.
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  // C collation sorts like SQLite (by code point), so both stores page in the same order.
  runAsPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const commits = crashSafe ? '' : '-c synchronous_commit=off';
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off ${commits} -c full_page_writes=off -c max_connections=400`;
  const up = () => runAsPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
  const down = () => runAsPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
  up();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    down();
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, ...databaseFactory(url), stopNow, stop: async () => stopNow(), down, up };
}

export interface RedisServer {
  url: string;
  port: number;
  /** Shuts Redis down (dropping every connection and subscription) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Shuts Redis down until `up` starts it again on the same port. */
  down(): void;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const bin = redisBin();
  if (!bin) throw new Error('Redis is not installed (Debian: apt-get install -y redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  const start = async () => {
    execFileSync(bin, [
      '--daemonize', 'yes', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--dir', dir, '--pidfile', join(dir, 'redis.pid'), '--logfile', join(dir, 'redis.log'),
    ]);
    await waitForPort(port);
  };
  const shutdown = () => spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      shutdown();
      await start();
    },
    down: shutdown,
    up: start,
    async stop() {
      shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
