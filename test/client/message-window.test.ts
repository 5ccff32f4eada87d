import { expect } from '@open-wc/testing';
import { CacheDb } from '../../src/client/cache-db.js';
import { readMessageWindow } from '../../src/client/message-window.js';
import type { MessageRecord } from '../../src/protocol/model.js';
import { uniqueUser } from '../web-support/parley.js';

const CID = 'c1';

function record(seq: number): MessageRecord {
  return { id: `m${seq}`, cid: CID, seq, from: 'bob', clientId: `k${seq}`, type: -1, text: `message ${seq}`, timestamp: seq };
}

/** A real IndexedDB cache holding `seqs` of one conversation, with `low..high` as its cached range. */
async function cacheWith(seqs: number[], range: { low: number; high: number; complete?: boolean }): Promise<CacheDb> {
  const db = new CacheDb(uniqueUser('window-test'));
  await db.messages.bulkPut(seqs.map(record));
  await db.cursors.put({ cid: CID, low: range.low, high: range.high, complete: range.complete ?? false });
  return db;
}

const texts = (window: Awaited<ReturnType<typeof readMessageWindow>>) => window.messages.map((m) => m.text);

describe('readMessageWindow', () => {
  const opened: CacheDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await db.delete();
    }
  });
  const open = async (...args: Parameters<typeof cacheWith>) => {
    const db = await cacheWith(...args);
    opened.push(db);
    return db;
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('reads the newest page with the message before it, and where it sits in the cached range', async () => {
    const db = await open(range(1, 200), { low: 1, high: 200, complete: true });
    const window = await readMessageWindow(db, 'alice', CID, { end: 'newest', count: 50 });
    expect(texts(window)).to.deep.equal(range(151, 200).map((n) => `message ${n}`));
    expect(window.before?.text).to.equal('message 150');
    expect(window).to.include({ low: 1, high: 200, complete: true });
  });

  it('keeps to the cached range when messages past it are held (not yet joined to it)', async () => {
    // 1..100 are the gap-free range; 150 and 151 arrived live before the gap between was fetched.
    const db = await open([...range(1, 100), 150, 151], { low: 1, high: 100 });
    const window = await readMessageWindow(db, 'alice', CID, { end: 'newest', count: 50 });
    expect(texts(window)).to.deep.equal(range(51, 100).map((n) => `message ${n}`));
    expect(window.before?.text).to.equal('message 50');
  });

  it('reads a window ending at a seq, and a short conversation whole', async () => {
    const db = await open(range(1, 200), { low: 1, high: 200 });
    const middle = await readMessageWindow(db, 'alice', CID, { end: 120, count: 40 });
    expect(texts(middle)).to.deep.equal(range(81, 120).map((n) => `message ${n}`));
    expect(middle.before?.text).to.equal('message 80');

    const short = await open(range(5, 7), { low: 5, high: 7 });
    const whole = await readMessageWindow(short, 'alice', CID, { end: 'newest', count: 50 });
    expect(texts(whole)).to.deep.equal(['message 5', 'message 6', 'message 7']);
    expect(whole.before).to.equal(undefined);
  });

  it('follows the newest committed messages with the user’s pending ones, oldest first', async () => {
    const db = await open(range(1, 3), { low: 1, high: 3 });
    for (const order of [2, 1]) {
      await db.outbox.put({ clientId: `pending-${order}`, cid: CID, type: -1, text: `pending ${order}`, createdAt: order, order, status: 'sending', attempts: 0 });
    }
    const window = await readMessageWindow(db, 'alice', CID, { end: 'newest', count: 50 });
    expect(texts(window)).to.deep.equal(['message 1', 'message 2', 'message 3', 'pending 1', 'pending 2']);
    expect(window.messages.at(-1)).to.include({ from: 'alice', status: 'sending' });
  });
});
