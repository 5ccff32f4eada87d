// Conversation query benchmark: "my 10 most recent" for one user among 100,000 conversations and
// 1,000,000 member rows in SQLite, through the server's own query code. Prints p50/p99 and the
// query plan (to show the indexes are used). Not a test: run it with
//   node --import tsx bench/conversation-query.ts [conversations] [memberRows]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { ConversationQuery } from '../src/protocol/conversation-schemas.js';
import { systemClock } from '../src/server/config.js';
import { ConversationQueries } from '../src/server/services/conversation-query.js';
import { openDatabase } from '../src/server/store/open-database.js';
import type { Database } from '../src/server/store/schema.js';

const CONVERSATIONS = Number(process.argv[2] ?? 100_000);
const MEMBER_ROWS = Number(process.argv[3] ?? 1_000_000);
const USERS = 10_000;
const RUNS = 2_000;

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const file = join(dir, 'bench.db');

// The real schema, migrations included.
await (await openDatabase({ file })).destroy();

// Bulk load with plain prepared statements: a typical user is in ~100 conversations, a heavy one
// ("heavy") in 10,000, so both ends of "one user" are measured.
const sqlite = new SQLite(file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = OFF');
const started = performance.now();
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const now = Date.now();
const insertConversation = sqlite.prepare(
  `insert into conversations (id, kind, name, creator, unique_key, attributes, created_at, updated_at, last_message_at, last_message_id, last_seq)
   values (?, ?, ?, ?, null, ?, ?, ?, ?, null, ?)`,
);
const insertMember = sqlite.prepare('insert or ignore into members (conversation_id, user_id, role, joined_at, last_read_seq) values (?, ?, ?, ?, 0)');
const perConversation = Math.max(2, Math.round(MEMBER_ROWS / CONVERSATIONS));
sqlite.transaction(() => {
  for (let i = 0; i < CONVERSATIONS; i++) {
    const id = `c${i.toString(36).padStart(6, '0')}`;
    const created = now - Math.floor(random() * 365 * 24 * 3600 * 1000);
    const lastMessage = random() < 0.9 ? created + Math.floor(random() * (now - created)) : null;
    const kind = i % 50 === 0 ? 'transient' : 'normal';
    insertConversation.run(id, kind, `conversation ${i}`, `u${i % USERS}`, JSON.stringify({ type: i % 3 === 0 ? 'group' : 'pair' }), created, created, lastMessage, lastMessage ? 10 : 0);
    if (kind === 'transient') continue;
    for (let m = 0; m < perConversation; m++) insertMember.run(id, `u${Math.floor(random() * USERS)}`, m === 0 ? 'owner' : 'member', created);
    if (i % 10 === 0) insertMember.run(id, 'heavy', 'member', created);
  }
})();
sqlite.pragma('synchronous = FULL');
const counts = sqlite.prepare('select (select count(*) from conversations) as conversations, (select count(*) from members) as members').get() as {
  conversations: number;
  members: number;
};
const typical = (sqlite.prepare("select count(*) as n from members where user_id = 'u77'").get() as { n: number }).n;
const heavy = (sqlite.prepare("select count(*) as n from members where user_id = 'heavy'").get() as { n: number }).n;
console.log(
  `loaded ${counts.conversations.toLocaleString()} conversations and ${counts.members.toLocaleString()} member rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// The server's query code over Kysely, logging the SQL it runs so the plan can be shown.
let lastQuery: CompiledQuery | undefined;
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (event) => {
    if (event.level === 'query' && event.query.sql.includes('sort_value')) lastQuery = event.query;
  },
});
const queries = new ConversationQueries(db, systemClock);

async function measure(label: string, user: string, query: ConversationQuery): Promise<void> {
  for (let i = 0; i < 100; i++) await queries.run(user, query);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const page = await queries.run(user, query);
    times.push(performance.now() - t0);
    if (i === 0 && page.conversations.length === 0) throw new Error(`${label}: nothing found`);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3);
  console.log(`\n${label}\n  p50 ${at(50)} ms   p99 ${at(99)} ms   (${RUNS} runs)`);
  const plan = sqlite.prepare(`explain query plan ${lastQuery!.sql}`).all(...(lastQuery!.parameters as unknown[])) as { detail: string }[];
  for (const step of plan) console.log(`  plan: ${step.detail}`);
}

await measure(`my 10 most recent — typical user (member of ${typical})`, 'u77', { limit: 10 });
await measure(`my 10 most recent — heavy user (member of ${heavy.toLocaleString()})`, 'heavy', { limit: 10 });
await measure('my 10 most recent with last messages, compact (heavy user)', 'heavy', { limit: 10, compact: true, withLastMessages: true });
await measure('10 newest chat rooms (public kind, any user)', 'u77', { limit: 10, where: { kind: 'transient' } });
await measure('my groups by attribute, newest first (typical user)', 'u77', {
  limit: 10,
  where: { attributes: [{ key: 'attr.type', op: 'eq', value: 'group' }] },
});

await db.destroy();
rmSync(dir, { recursive: true, force: true });
