import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, newClientId, rawRequest, startTestServer, type TestServer } from '../../support/test-server.js';

describe('history by type and by time', () => {
  let t: TestServer;
  /** Each message one second after the previous, so time cursors are unambiguous. */
  const clock = { at: 1_700_000_000_000, now: () => clock.at };
  let cid: string;
  let bobSocket: Awaited<ReturnType<TestServer['connect']>>;
  const times: number[] = [];

  before(async () => {
    t = await startTestServer({ clock });
    const alice = await t.connect('alice');
    bobSocket = await t.connect('bob');
    cid = (await call(alice, 'conversation:create', { members: ['bob'] })).id;
    // 12 messages: every third one is a location, the rest text.
    for (let i = 1; i <= 12; i++) {
      clock.at += 1000;
      times.push(clock.at);
      const payload =
        i % 3 === 0
          ? { cid, clientId: newClientId(), type: -5, location: { latitude: i, longitude: i } }
          : { cid, clientId: newClientId(), type: -1, text: `t${i}` };
      await call(alice, 'message:send', payload);
    }
  });
  after(() => t.close());

  it('keeps only the asked type, newest page first, paging backward by seq', async () => {
    const newest = await call(bobSocket, 'message:history', { cid, type: -5, limit: 2 });
    assert.deepEqual(newest.messages.map((m) => m.seq), [9, 12]);
    assert.equal(newest.hasMore, true);
    const older = await call(bobSocket, 'message:history', { cid, type: -5, beforeSeq: 9, limit: 2 });
    assert.deepEqual(older.messages.map((m) => m.seq), [3, 6]);
    assert.equal(older.hasMore, false);
  });

  it('reads forward from a time, and backward before a time, oldest first', async () => {
    const forward = await call(bobSocket, 'message:history', { cid, afterTime: times[3]!, limit: 3 });
    assert.deepEqual(forward.messages.map((m) => m.seq), [5, 6, 7]);
    assert.equal(forward.hasMore, true);
    const backward = await call(bobSocket, 'message:history', { cid, beforeTime: times[3]!, limit: 10 });
    assert.deepEqual(backward.messages.map((m) => m.seq), [1, 2, 3]);
    assert.equal(backward.hasMore, false);
    const textsAfter = await call(bobSocket, 'message:history', { cid, afterTime: times[9]!, type: -1 });
    assert.deepEqual(textsAfter.messages.map((m) => m.text), ['t11']);
  });

  it('refuses mixed directions, bad times and types, and outsiders', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ cid, afterTime: 1, beforeTime: 2 }, 'beforeTime'],
      [{ cid, afterSeq: 1, afterTime: 2 }, 'afterTime'],
      [{ cid, beforeSeq: 5, beforeTime: 2 }, 'beforeTime'],
      [{ cid, afterTime: -1 }, 'afterTime'],
      [{ cid, beforeTime: 1e309 }, 'beforeTime'],
      [{ cid, afterTime: '2026-01-01' }, 'afterTime'],
      [{ cid, type: 1.5 }, 'type'],
    ];
    for (const [payload, field] of cases) {
      const result = await rawRequest(bobSocket, 'message:history', payload);
      assert.ok(!result.ok, JSON.stringify(payload));
      assert.equal(result.error.name, 'INVALID_PAYLOAD', JSON.stringify(payload));
      assert.equal(result.error.detail?.field, field, JSON.stringify(payload));
    }
    const mallory = await t.connect('mallory');
    const result = await rawRequest(mallory, 'message:history', { cid, type: -5 });
    assert.ok(!result.ok);
    assert.equal(result.error.name, 'INVALID_MESSAGING_TARGET');
  });
});
