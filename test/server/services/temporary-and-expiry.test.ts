import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AckResult } from '../../../src/protocol/events.js';
import { ManualClock } from '../../support/manual-clock.js';
import { call, newClientId, nextEvent, request, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

let counter = 0;
const fresh = (name: string) => `${name}-${++counter}`;
const DAY = 24 * 3600 * 1000;

function refusal(result: AckResult<unknown>): string {
  assert.ok(!result.ok, 'expected a refusal');
  return result.error.name;
}

const send = (socket: TestSocket, cid: string, text: string) => request(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text });

describe('temporary conversations', () => {
  let t: TestServer;
  const clock = new ManualClock();
  before(async () => {
    // The schedule is off: the test runs the job itself.
    t = await startTestServer({ clock, conversations: { expiryIntervalMs: 0 } });
  });
  after(() => t.close());

  it('has an id that says so, a default time to live of one day, and members fixed at creation', async () => {
    const agentId = fresh('agent');
    const visitor = await t.connect(fresh('visitor'));
    const created = clock.now();
    const conversation = await call(visitor, 'conversation:create-temporary', { members: [agentId] });
    assert.match(conversation.id, /^_tmp:/);
    assert.equal(conversation.kind, 'temporary');
    assert.ok(conversation.expiresAt! - created >= DAY && conversation.expiresAt! - created < DAY + 1000);
    assert.equal(conversation.members.length, 2);
    const cid = conversation.id;
    assert.equal(refusal(await request(visitor, 'conversation:add', { cid, members: [fresh('x')] })), 'CONVERSATION_READ_ONLY');
    assert.equal(refusal(await request(visitor, 'conversation:quit', { cid })), 'CONVERSATION_READ_ONLY');
    assert.equal(refusal(await request(visitor, 'conversation:update', { cid, set: { name: 'renamed' } })), 'CONVERSATION_READ_ONLY');
  });

  it('refuses a time to live past the maximum, and more than 10 members, changing nothing', async () => {
    const s = await t.connect(fresh('wes'));
    const tooLong = await request(s, 'conversation:create-temporary', { members: [fresh('x')], ttl: 30 * 24 * 3600 + 1 });
    assert.equal(refusal(tooLong), 'INVALID_PAYLOAD');
    assert.ok(!tooLong.ok && tooLong.error.detail?.field === 'ttl');
    assert.equal(refusal(await request(s, 'conversation:create-temporary', { members: [fresh('x')], ttl: -5 })), 'INVALID_PAYLOAD');
    const eleven = Array.from({ length: 10 }, () => fresh('m'));
    assert.equal(refusal(await request(s, 'conversation:create-temporary', { members: eleven })), 'CONVERSATION_FULL');
    const kept = await t.server.db.selectFrom('conversations').select('id').where('creator', '=', (await call(s, 'conversation:create-chat-room', { name: 'probe' })).creator).execute();
    assert.equal(kept.length, 1, 'only the probe exists');
  });

  it('answers 4323 once expired, then the job deletes it with its history and it answers 4401', async () => {
    const [a, bId] = [await t.connect(fresh('amy')), fresh('bob')];
    const b = await t.connect(bId);
    const { id: cid } = await call(a, 'conversation:create-temporary', { members: [bId], ttl: 60 });
    assert.ok((await send(a, cid, 'can I help?')).ok);
    assert.equal((await call(b, 'message:history', { cid })).messages.length, 1);

    clock.advance(61 * 1000);
    assert.equal(refusal(await send(b, cid, 'too late')), 'TEMPORARY_CONVERSATION_EXPIRED');
    assert.equal(refusal(await request(b, 'conversation:get', { cid })), 'TEMPORARY_CONVERSATION_EXPIRED');
    assert.ok(!(await call(b, 'conversation:query', {})).conversations.some((c) => c.id === cid), 'no longer listed');
    const outsider = await t.connect(fresh('cat'));
    assert.equal(refusal(await request(outsider, 'conversation:get', { cid })), 'INVALID_MESSAGING_TARGET');

    const deleted = nextEvent(b, 'conversation:deleted');
    const report = await t.server.jobs.expireNow();
    assert.ok(report.expired >= 1);
    assert.deepEqual(await deleted, { cid, reason: 'expired' });
    assert.equal(refusal(await send(b, cid, 'anyone?')), 'INVALID_MESSAGING_TARGET');
    assert.equal(refusal(await request(b, 'conversation:get', { cid })), 'INVALID_MESSAGING_TARGET');
    const left = await t.server.db.selectFrom('messages').select('id').where('conversation_id', '=', cid).execute();
    assert.equal(left.length, 0, 'nothing kept');
  });
});

describe('expiry of inactive conversations', () => {
  let t: TestServer;
  const clock = new ManualClock();
  before(async () => {
    t = await startTestServer({ clock, conversations: { expiryIntervalMs: 0, inactiveAfterMs: 365 * DAY } });
  });
  after(() => t.close());

  it('removes a conversation with no message and no change for a year, with its history; reading is not activity', async () => {
    const [aId, bId] = [fresh('dee'), fresh('eli')];
    const [a, b] = [await t.connect(aId), await t.connect(bId)];
    const idle = await call(a, 'conversation:create', { members: [bId], name: 'idle' });
    const chatty = await call(a, 'conversation:create', { members: [bId, fresh('fox')], name: 'chatty' });
    const edited = await call(a, 'conversation:create', { members: [bId, fresh('gil')], name: 'edited' });
    const lobby = await call(a, 'conversation:create-chat-room', { name: 'quiet room' });
    assert.ok((await send(a, idle.id, 'long ago')).ok);

    clock.advance(200 * DAY);
    assert.ok((await send(b, chatty.id, 'still here')).ok);
    await call(b, 'conversation:update', { cid: edited.id, set: { 'attr.pinned': true } });
    await call(b, 'message:history', { cid: idle.id });
    await call(a, 'conversation:read', { cid: idle.id });

    clock.advance(200 * DAY);
    assert.deepEqual(await t.server.jobs.expireNow(), { expired: 0, inactive: 2 });
    for (const cid of [idle.id, lobby.id]) {
      assert.equal(refusal(await send(a, cid, 'hello?')), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(a, 'conversation:get', { cid })), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(b, 'message:history', { cid })), 'INVALID_MESSAGING_TARGET');
    }
    const names = (await call(a, 'conversation:query', { limit: 100 })).conversations.map((c) => c.name).sort();
    assert.deepEqual(names, ['chatty', 'edited']);
    assert.equal((await t.server.db.selectFrom('messages').select('id').where('conversation_id', '=', idle.id).execute()).length, 0);

    // A year after their last activity the other two go as well.
    clock.advance(166 * DAY);
    assert.deepEqual(await t.server.jobs.expireNow(), { expired: 0, inactive: 2 });
    assert.equal((await call(a, 'conversation:query', {})).conversations.length, 0);
  });
});
