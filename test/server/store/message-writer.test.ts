import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import pg from 'pg';
import { ChatError } from '../../../src/protocol/chat-error.js';
import { MessageWriter } from '../../../src/server/store/message-writer.js';
import { openDatabase } from '../../../src/server/store/open-database.js';
import type { Database } from '../../../src/server/store/schema.js';
import { testDatabaseUrl } from '../../support/test-database.js';

/** A conversation row is the smallest thing with a primary key to write. */
function conversationRow(id: string, name = id) {
  return {
    id,
    kind: 'normal',
    name,
    creator: 'writer-test',
    unique_key: null,
    attributes: '{}',
    created_at: 1,
    updated_at: 1,
    last_message_at: null,
    last_message_id: null,
    last_seq: 0,
  };
}

async function insert(trx: Transaction<Database>, id: string, name = id): Promise<string> {
  await trx.insertInto('conversations').values(conversationRow(id, name)).execute();
  return id;
}

/** A promise with its resolver, to hold a job at a known point. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('MessageWriter', () => {
  let dir: string;
  let db: Kysely<Database>;
  /** A second connection: sees only what has been committed. */
  let reader: CommittedReader;
  let writer: MessageWriter;

  const committedIds = async () => (await reader.rows('SELECT id, name FROM conversations ORDER BY id')).map((r) => r.id);
  const committedName = async (id: string) => (await reader.rows('SELECT id, name FROM conversations ORDER BY id')).find((r) => r.id === id)?.name;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-writer-'));
    const url = await testDatabaseUrl(dir);
    db = await openDatabase({ file: join(dir, 'parley.db'), url });
    reader = await openCommittedReader(url ?? join(dir, 'parley.db'));
  });

  after(async () => {
    await reader.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await db.deleteFrom('conversations').execute();
    writer = new MessageWriter(db);
  });

  it('commits the jobs queued in one tick in a single transaction', async () => {
    const transactions: Transaction<Database>[] = [];
    const seenInBatch: { viaTrx: boolean; viaOtherConnection: boolean }[] = [];

    const results = await Promise.all(
      ['a', 'b', 'c'].map((id, i) =>
        writer.write(async (trx) => {
          transactions.push(trx);
          if (i > 0) {
            // The previous job's row: visible inside the batch, not yet committed for anyone else.
            const previous = String.fromCharCode(id.charCodeAt(0) - 1);
            const row = await trx.selectFrom('conversations').select('id').where('id', '=', previous).executeTakeFirst();
            seenInBatch.push({ viaTrx: row !== undefined, viaOtherConnection: (await committedIds()).includes(previous) });
          }
          return insert(trx, id);
        }),
      ),
    );

    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.equal(transactions.length, 3);
    assert.ok(transactions.every((trx) => trx === transactions[0]), 'every job got the same transaction');
    assert.equal(transactions[0]!.isTransaction, true);
    assert.deepEqual(seenInBatch, [
      { viaTrx: true, viaOtherConnection: false },
      { viaTrx: true, viaOtherConnection: false },
    ]);
    assert.deepEqual(await committedIds(), ['a', 'b', 'c']);
  });

  it('resolves a job only after its batch is committed', async () => {
    const id = await writer.write((trx) => insert(trx, 'visible'));
    // Readable at once from another connection: the commit happened before the promise settled.
    assert.deepEqual(await committedIds(), [id]);
  });

  it('uses a new transaction for work queued after the previous batch', async () => {
    let first: Transaction<Database> | undefined;
    let second: Transaction<Database> | undefined;
    await writer.write(async (trx) => {
      first = trx;
      return insert(trx, 'one');
    });
    await writer.write(async (trx) => {
      second = trx;
      return insert(trx, 'two');
    });
    assert.ok(first && second);
    assert.notEqual(first, second);
    assert.deepEqual(await committedIds(), ['one', 'two']);
  });

  it('rejects a ChatError job alone and commits its neighbours in the same batch', async () => {
    const runs = { a: 0, refused: 0, c: 0 };
    const transactions = new Set<Transaction<Database>>();
    const refusal = new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });

    const [a, refused, c] = await Promise.allSettled([
      writer.write(async (trx) => {
        runs.a++;
        transactions.add(trx);
        return insert(trx, 'a');
      }),
      writer.write(async (trx) => {
        runs.refused++;
        transactions.add(trx);
        // A refusal checks before it writes, as the writer's contract asks.
        const exists = await trx.selectFrom('conversations').select('id').where('id', '=', 'nope').executeTakeFirst();
        if (!exists) throw refusal;
        return insert(trx, 'refused');
      }),
      writer.write(async (trx) => {
        runs.c++;
        transactions.add(trx);
        return insert(trx, 'c');
      }),
    ]);

    assert.deepEqual(a, { status: 'fulfilled', value: 'a' });
    assert.deepEqual(c, { status: 'fulfilled', value: 'c' });
    assert.equal(refused.status, 'rejected');
    assert.equal((refused as PromiseRejectedResult).reason, refusal, 'the job gets its own ChatError back');
    // A refusal does not abort the batch: no retry, one transaction.
    assert.deepEqual(runs, { a: 1, refused: 1, c: 1 });
    assert.equal(transactions.size, 1);
    assert.deepEqual(await committedIds(), ['a', 'c']);
  });

  it('fails only the job that broke the batch with a non-ChatError, after retrying one by one', async () => {
    await writer.write((trx) => insert(trx, 'taken', 'original'));
    const runs = { a: 0, duplicate: 0, c: 0 };
    const transactions = new Set<Transaction<Database>>();

    const [a, duplicate, c] = await Promise.allSettled([
      writer.write(async (trx) => {
        runs.a++;
        transactions.add(trx);
        return insert(trx, 'a');
      }),
      writer.write(async (trx) => {
        runs.duplicate++;
        transactions.add(trx);
        return insert(trx, 'taken', 'impostor'); // PRIMARY KEY violation
      }),
      writer.write(async (trx) => {
        runs.c++;
        transactions.add(trx);
        return insert(trx, 'c');
      }),
    ]);

    assert.deepEqual(a, { status: 'fulfilled', value: 'a' });
    assert.deepEqual(c, { status: 'fulfilled', value: 'c' });
    assert.equal(duplicate.status, 'rejected');
    const reason = (duplicate as PromiseRejectedResult).reason as { code?: string };
    assert.ok(!(reason instanceof ChatError), 'the storage error itself is passed on');
    // A primary key violation: SQLite's code, or PostgreSQL's unique_violation.
    assert.ok(['SQLITE_CONSTRAINT_PRIMARYKEY', '23505'].includes(reason.code ?? ''), `got ${reason.code}`);
    // The batch ran a and the duplicate, rolled back, then every job ran alone.
    assert.deepEqual(runs, { a: 2, duplicate: 2, c: 1 });
    assert.equal(transactions.size, 4, 'one shared batch transaction, then one per job');
    assert.deepEqual(await committedIds(), ['a', 'c', 'taken']);
    assert.equal(await committedName('taken'), 'original');
  });

  it('keeps a ChatError refusal typed when the batch is retried one by one', async () => {
    await writer.write((trx) => insert(trx, 'taken'));
    const refusal = new ChatError('CONVERSATION_FULL');
    const results = await Promise.allSettled([
      writer.write((trx) => insert(trx, 'taken')),
      writer.write(async () => {
        throw refusal;
      }),
      writer.write((trx) => insert(trx, 'fine')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'fulfilled'],
    );
    assert.equal((results[1] as PromiseRejectedResult).reason, refusal);
    assert.deepEqual(await committedIds(), ['fine', 'taken']);
  });

  it('drain() waits for work queued in the same tick', async () => {
    const jobs = ['x', 'y', 'z'].map((id) => writer.write((trx) => insert(trx, id)));
    await writer.drain();
    assert.deepEqual(await committedIds(), ['x', 'y', 'z']);
    assert.deepEqual(await Promise.all(jobs), ['x', 'y', 'z']);
  });

  it('drain() resolves at once when nothing is queued', async () => {
    await writer.drain();
    assert.deepEqual(await committedIds(), []);
  });

  it(
    'drain() waits for a batch that is already being committed',
    async () => {
      const started = gate();
      const release = gate();
      let jobSettled = false;
      const job = writer
        .write(async (trx) => {
          started.open();
          await release.promise;
          return insert(trx, 'in-flight');
        })
        .finally(() => {
          jobSettled = true;
        });

      await started.promise; // the batch has begun: its transaction is open
      const drained = writer.drain().then(async () => ({ jobSettled, committed: await committedIds() }));
      // Let the job go only on a later turn of the event loop, after drain() has had every chance to return.
      setImmediate(release.open);
      const state = await drained;
      await job;
      assert.deepEqual(state, { jobSettled: true, committed: ['in-flight'] });
    },
  );
});

interface CommittedReader {
  rows(query: string): Promise<{ id: string; name: string }[]>;
  close(): Promise<void>;
}

/** A read-only SQLite connection to the file, or a separate PostgreSQL connection. */
async function openCommittedReader(target: string): Promise<CommittedReader> {
  if (target.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    return { rows: async (query) => (await client.query<{ id: string; name: string }>(query)).rows, close: () => client.end() };
  }
  const sqlite = new SQLite(target, { readonly: true });
  return {
    rows: async (query) => sqlite.prepare(query).all() as { id: string; name: string }[],
    close: async () => {
      sqlite.close();
    },
  };
}
