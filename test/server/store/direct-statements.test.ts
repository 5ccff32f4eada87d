import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, type Kysely } from 'kysely';
import { directStatements, runStatement } from '../../../src/server/store/direct-statements.js';
import { openDatabase } from '../../../src/server/store/open-database.js';
import type { Database } from '../../../src/server/store/schema.js';

/** SQLite only: on PostgreSQL every query goes through Kysely. */
describe('statements run directly on SQLite inside a transaction', () => {
  let dir: string;
  let db: Kysely<Database>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-direct-'));
    db = await openDatabase({ file: join(dir, 'parley.db') });
  });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are offered only inside an open transaction', async () => {
    assert.equal(directStatements(db), undefined);
    let stale!: Kysely<Database>;
    await db.transaction().execute(async (trx) => {
      assert.ok(directStatements(trx));
      stale = trx;
    });
    assert.equal(directStatements(stale), undefined);
  });

  it('answer as Kysely does: rows, affected rows and the inserted rowid', async () => {
    const sql = (text: string) => CompiledQuery.raw(text);
    await db.transaction().execute(async (trx) => {
      const direct = directStatements(trx)!;
      const insert = "insert into meta_test_rows (value) values ('a'), ('b')";
      await trx.executeQuery(sql('create table meta_test_rows (id integer primary key, value text)'));
      const viaKysely = await trx.executeQuery(sql(insert));
      const viaDirect = runStatement(direct, insert, []);
      assert.deepEqual(
        { rows: viaDirect.rows, affected: viaDirect.numAffectedRows, id: viaDirect.insertId },
        { rows: viaKysely.rows, affected: viaKysely.numAffectedRows, id: viaKysely.insertId! + 2n },
      );
      const select = 'select value from meta_test_rows where id > ? order by id';
      assert.deepEqual(runStatement(direct, select, [1]).rows, (await trx.executeQuery(CompiledQuery.raw(select, [1]))).rows);
    });
  });
});
