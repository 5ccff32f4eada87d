import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { call, newClientId, request, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Another process holding SQLite's write lock (a backup tool, a second server started on the
 * same data folder by mistake) must cost a retryable error, not a frozen server.
 */
describe('the SQLite file locked by another process', { skip: process.env.PARLEY_TEST_DATABASE === 'postgres' && 'SQLite only' }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('answers sends with a retryable error at once, keeps serving reads, and takes the send once the lock is gone', async () => {
    const alice = await t.connect('busy-alice');
    const bob = await t.connect('busy-bob');
    const { id: cid } = await call(alice, 'conversation:create', { members: ['busy-bob'] });
    await call(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'before' });

    const other = new SQLite(join(t.dataDir, 'parley.db'));
    other.pragma('busy_timeout = 0');
    other.exec('begin immediate');
    try {
      const clientId = newClientId();
      const started = performance.now();
      const refused = await request(alice, 'message:send', { cid, clientId, type: -1, text: 'while locked' });
      const waited = performance.now() - started;
      assert.equal(refused.ok ? 'sent' : refused.error.name, 'INTERNAL_ERROR');
      assert.ok(!refused.ok && refused.error.code === 4200);
      // Not a timing target: proof the event loop was not held for the lock's whole length.
      assert.ok(waited < 2000, `answered after ${waited.toFixed(0)} ms`);
      const page = await call(bob, 'message:history', { cid });
      assert.deepEqual(page.messages.map((m) => m.text), ['before'], 'reads are served meanwhile');
    } finally {
      other.exec('rollback');
      other.close();
    }
    const sent = await call(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'after' });
    assert.equal(sent.seq, 2, 'the refused send took no seq');
  });
});
