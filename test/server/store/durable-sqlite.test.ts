import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../../../src/server/store/open-database.js';
import type { Database } from '../../../src/server/store/schema.js';
import { testingOnPostgres } from '../../support/test-database.js';

function conversationRow(id: string) {
  return { id, kind: 'normal', name: id, creator: 'durable-test', unique_key: null, attributes: '{}', created_at: 1, updated_at: 1, last_message_at: null, last_message_id: null, last_seq: 0 };
}

describe('durable SQLite commits', { skip: testingOnPostgres() && 'SQLite only' }, () => {
  let dir: string;
  let db: Kysely<Database>;
  /** What happened, in order: 'synced' when a datasync of the WAL finished. */
  const events: string[] = [];
  let restore: () => void;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-durable-'));
    // Observe Node's own file syncs (not a part of ours) to see when the driver makes a commit durable.
    const probe = await open(join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const datasync = prototype.datasync;
    prototype.datasync = async function (this: FileHandle) {
      await datasync.call(this);
      events.push('synced');
    };
    restore = () => {
      prototype.datasync = datasync;
    };
    db = await openDatabase({ file: join(dir, 'parley.db') });
  });

  after(async () => {
    restore();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with SQLite syncing only at checkpoints: commits are synced by the driver', async () => {
    const { rows: journal } = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db);
    assert.deepEqual(journal, [{ journal_mode: 'wal' }]);
    const { rows: synchronous } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db);
    assert.deepEqual(synchronous, [{ synchronous: 1 }]);
  });

  it('a transaction returns only after its commit is synced', async () => {
    events.length = 0;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('conversations').values(conversationRow('in-transaction')).execute();
      events.push('wrote');
    });
    events.push('returned');
    assert.deepEqual(events, ['wrote', 'synced', 'returned']);
  });

  it('a write outside a transaction returns only after it is synced', async () => {
    events.length = 0;
    await db.insertInto('conversations').values(conversationRow('autocommit')).execute();
    events.push('returned');
    assert.deepEqual(events, ['synced', 'returned']);
  });

  it('reads and rolled-back transactions sync nothing', async () => {
    events.length = 0;
    await db.selectFrom('conversations').selectAll().execute();
    await sql`select count(*) from conversations`.execute(db);
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('conversations').values(conversationRow('rolled-back')).execute();
        throw new Error('abandon');
      }),
      /abandon/,
    );
    assert.deepEqual(events, []);
    assert.equal(await db.selectFrom('conversations').select('id').where('id', '=', 'rolled-back').executeTakeFirst(), undefined);
  });

  it('serves other work while a commit is being synced', async () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    for (let i = 0; i < 20; i++) await db.insertInto('conversations').values(conversationRow(`served-${i}`)).execute();
    counting = false;
    // With a sync inside COMMIT the loop would not turn until all 20 were done.
    assert.ok(turns > 0);
  });

  it('copies the WAL back into the database file on a worker, not inside COMMIT', async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db);
    assert.deepEqual(rows, [{ wal_autocheckpoint: 0 }]);
    const file = join(dir, 'parley.db');
    const before = statSync(file).size;
    for (let i = 0; i < 50; i++) {
      await db.insertInto('conversations').values({ ...conversationRow(`checkpointed-${i}`), name: 'x'.repeat(2000) }).execute();
    }
    // Only a checkpoint writes pages into the database file; wait (bounded) for the worker's.
    const deadline = Date.now() + 10_000;
    while (statSync(file).size <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(statSync(file).size > before, 'the database file grew: a checkpoint ran');
  });
});
