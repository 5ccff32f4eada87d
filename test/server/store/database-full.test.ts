import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ChatError } from '../../../src/protocol/chat-error.js';
import { call, newClientId, request, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * A full disk must cost a retryable error per send, with nothing half-stored and the server
 * still serving, and sends must go through again once there is room. The database is made
 * "full" by capping its size at what it is (`max_page_count`, the same SQLITE_FULL a full disk gives).
 */
describe('the SQLite database full', { skip: process.env.PARLEY_TEST_DATABASE === 'postgres' && 'SQLite only' }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('refuses sends retryably while full, keeps serving reads, and takes them again once there is room', async () => {
    const alice = await t.connect('full-alice');
    const bob = await t.connect('full-bob');
    const { id: cid } = await call(alice, 'conversation:create', { members: ['full-bob'] });
    const { max_page_count: roomy } = (await sql<{ max_page_count: number }>`pragma max_page_count`.execute(t.server.db)).rows[0]!;
    const { page_count: pages } = (await sql<{ page_count: number }>`pragma page_count`.execute(t.server.db)).rows[0]!;
    await sql.raw(`pragma max_page_count = ${pages}`).execute(t.server.db);
    const long = 'a full disk '.repeat(400); // overflow pages: each send needs new ones
    let stored = 0;
    let refusal: string | undefined;
    try {
      for (let i = 0; i < 50 && !refusal; i++) {
        const result = await request(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: `${i} ${long}` });
        if (result.ok) stored++;
        else refusal = `${result.error.name} ${result.error.code}${ChatError.fromPayload(result.error).retryable ? ' retryable' : ''}`;
      }
      assert.equal(refusal, 'INTERNAL_ERROR 4200 retryable', 'a send refused once the database is full');
      const page = await call(bob, 'message:history', { cid, limit: 100 });
      assert.equal(page.messages.length, stored, 'reads are served, and only what was acknowledged is there');
      assert.deepEqual(page.messages.map((m) => m.seq), Array.from({ length: stored }, (_, i) => i + 1));
    } finally {
      await sql.raw(`pragma max_page_count = ${roomy}`).execute(t.server.db);
    }
    const sent = await call(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'room again' });
    assert.equal(sent.seq, stored + 1, 'the refused send took no seq');
  });
});
