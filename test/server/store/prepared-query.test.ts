import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../../src/server/store/open-database.js';
import { PreparedQuery } from '../../../src/server/store/prepared-query.js';
import type { Database } from '../../../src/server/store/schema.js';
import { testDatabaseUrl } from '../../support/test-database.js';

function conversationRow(id: string, name: string) {
  return { id, kind: 'normal', name, creator: 'prepared-test', unique_key: null, attributes: '{}', created_at: 1, updated_at: 1, last_message_at: null, last_message_id: null, last_seq: 0 };
}

describe('prepared queries', () => {
  let dir: string;
  let db: Kysely<Database>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-prepared-'));
    const url = await testDatabaseUrl(dir);
    db = await openDatabase({ file: join(dir, 'parley.db'), ...(url ? { url } : {}) });
    await db.insertInto('conversations').values([conversationRow('p-1', 'first'), conversationRow('p-2', 'second')]).execute();
  });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the same compiled query with each run’s values, keeping constants written into it', async () => {
    const byName = new PreparedQuery<{ name: string; creator: string }, { id: string }>((q, p) =>
      q.selectFrom('conversations').select('id').where('name', '=', p('name')).where('creator', '=', p('creator')).where('last_seq', '=', 0),
    );
    assert.deepEqual((await byName.execute(db, { name: 'first', creator: 'prepared-test' })).rows, [{ id: 'p-1' }]);
    assert.deepEqual((await byName.execute(db, { name: 'second', creator: 'prepared-test' })).rows, [{ id: 'p-2' }]);
    assert.equal(await byName.takeFirst(db, { name: 'second', creator: 'someone else' }), undefined);
  });

  it('writes with placeholders in set, where and returning, inside a transaction', async () => {
    const bump = new PreparedQuery<{ id: string; at: number }, { last_seq: number }>((q, p) =>
      q
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_message_at: p('at') }))
        .where('id', '=', p('id'))
        .returning('last_seq'),
    );
    const seqs = await db.transaction().execute(async (trx) => [
      Number((await bump.takeFirst(trx, { id: 'p-1', at: 10 }))!.last_seq),
      Number((await bump.takeFirst(trx, { id: 'p-1', at: 20 }))!.last_seq),
    ]);
    assert.deepEqual(seqs, [1, 2]);
    const row = await db.selectFrom('conversations').select(['last_seq', 'last_message_at']).where('id', '=', 'p-1').executeTakeFirstOrThrow();
    assert.deepEqual({ seq: Number(row.last_seq), at: Number(row.last_message_at) }, { seq: 2, at: 20 });
  });

  const insertConversation = new PreparedQuery<{ id: string }, never>((q, p) => q.insertInto('conversations').values({ ...conversationRow('', 'inserted'), id: p('id') }));
  const conversationById = new PreparedQuery<{ id: string }, { id: string }>((q, p) => q.selectFrom('conversations').select('id').where('id', '=', p('id')));

  it('writes inside a transaction as part of it: a failure rolls the write back', async () => {
    const failed = db.transaction().execute(async (trx) => {
      const result = await insertConversation.execute(trx, { id: 'p-rolled-back' });
      assert.equal(result.numAffectedRows, 1n);
      assert.deepEqual((await conversationById.execute(trx, { id: 'p-rolled-back' })).rows, [{ id: 'p-rolled-back' }]);
      throw new Error('refused');
    });
    await assert.rejects(failed, /refused/);
    assert.equal(await conversationById.takeFirst(db, { id: 'p-rolled-back' }), undefined);
  });

  it('never shows a read outside a transaction what the transaction has not committed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let committed = false;
    const open = db.transaction().execute(async (trx) => {
      await insertConversation.execute(trx, { id: 'p-pending' });
      await gate;
    });
    // Give the transaction its insert before reading.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const read = conversationById.execute(db, { id: 'p-pending' }).then((result) => ({ rows: result.rows, afterCommit: committed }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    committed = true;
    release();
    await open;
    const { rows, afterCommit } = await read;
    // SQLite's one connection makes the read wait for the commit; PostgreSQL reads the state before it.
    assert.deepEqual(rows, afterCommit ? [{ id: 'p-pending' }] : []);
  });

  it('refuses a transaction used after it ended', async () => {
    let stale!: Kysely<Database>;
    await db.transaction().execute(async (trx) => {
      stale = trx;
    });
    await assert.rejects(insertConversation.execute(stale, { id: 'p-stale' }));
    assert.equal(await conversationById.takeFirst(db, { id: 'p-stale' }), undefined);
  });

  it('passes a value that looks like SQL as a value', async () => {
    const byName = new PreparedQuery<{ name: string }, { id: string }>((q, p) => q.selectFrom('conversations').select('id').where('name', '=', p('name')));
    assert.deepEqual((await byName.execute(db, { name: "first' or '1'='1" })).rows, []);
  });
});
