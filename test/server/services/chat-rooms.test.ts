import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AckResult } from '../../../src/protocol/events.js';
import { ManualClock } from '../../support/manual-clock.js';
import { call, newClientId, nextEvent, record, request, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

let counter = 0;
const fresh = (name: string) => `${name}-${++counter}`;

function refusal(result: AckResult<unknown>): string {
  assert.ok(!result.ok, 'expected a refusal');
  return result.error.name;
}

describe('chat rooms', () => {
  let t: TestServer;
  const clock = new ManualClock();

  before(async () => {
    t = await startTestServer({ clock, conversations: { chatRoomFloodMessages: 5, chatRoomFloodSeconds: 60 } });
  });
  after(() => t.close());

  const send = (socket: TestSocket, cid: string, text: string) => request(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text });

  async function room(owner: TestSocket, name = 'Lobby'): Promise<string> {
    const created = await call(owner, 'conversation:create-chat-room', { name });
    return created.id;
  }

  it('has no member list: anyone joins, nobody is listed, and nothing announces who comes and goes', async () => {
    const [a, b] = [await t.connect(fresh('ann')), await t.connect(fresh('ben'))];
    const cid = await room(a);
    const joined = await call(a, 'conversation:join', { cid });
    assert.equal(joined.transient, true);
    assert.deepEqual(joined.members, []);
    assert.equal(joined.unreadMessagesCount, 0);

    const joins = record(a, 'conversation:members-joined');
    const lefts = record(a, 'conversation:members-left');
    await call(b, 'conversation:join', { cid });
    await call(b, 'conversation:quit', { cid });
    await call(b, 'conversation:join', { cid });
    // A later message is the marker: pushes on one socket keep their order.
    const marker = nextEvent(a, 'message:created');
    assert.ok((await send(b, cid, 'hi')).ok);
    await marker;
    assert.equal(joins.events.length + lefts.events.length, 0);

    assert.equal(refusal(await request(a, 'conversation:members-info', { cid })), 'CONVERSATION_NOT_ALLOWED');
    assert.equal(refusal(await request(a, 'conversation:add', { cid, members: ['x'] })), 'NORMAL_CONVERSATION_REQUIRED');
    assert.equal((await t.server.db.selectFrom('members').selectAll().where('conversation_id', '=', cid).execute()).length, 0);
  });

  it('counts distinct users online, across connections', async () => {
    const user = fresh('cara');
    const [phone, laptop] = [await t.connect(user), await t.connect(user)];
    const other = await t.connect(fresh('dan'));
    const cid = await room(other);
    assert.deepEqual(await call(other, 'conversation:count', { cid }), { cid, count: 0 });
    await call(phone, 'conversation:join', { cid });
    await call(laptop, 'conversation:join', { cid });
    await call(other, 'conversation:join', { cid });
    assert.equal((await call(other, 'conversation:count', { cid })).count, 2);
    await call(phone, 'conversation:quit', { cid });
    assert.equal((await call(other, 'conversation:count', { cid })).count, 2, 'still in on the laptop');
    laptop.disconnect();
    // The disconnect is handled by the server asynchronously: wait (bounded) for the count to drop.
    const deadline = Date.now() + 5000;
    while ((await call(other, 'conversation:count', { cid })).count !== 1) {
      assert.ok(Date.now() < deadline, 'the count never dropped');
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  it('delivers to whoever is in the room now, not to those who left, and keeps no offline messages', async () => {
    const [a, b, c] = [await t.connect(fresh('eve')), await t.connect(fresh('fay')), await t.connect(fresh('gus'))];
    const cid = await room(a);
    for (const s of [a, b, c]) await call(s, 'conversation:join', { cid });
    await call(c, 'conversation:quit', { cid });
    const atC = record(c, 'message:created');
    const atB = nextEvent(b, 'message:created');
    const sent = await send(a, cid, 'hello room');
    assert.ok(sent.ok);
    assert.equal((await atB).text, 'hello room');
    // C left: a push to C sent after the message is the marker that the message did not come.
    const marker = nextEvent(c, 'conversation:created');
    await call(a, 'conversation:create', { members: [await whoAmI(c), fresh('zed')] });
    await marker;
    assert.equal(atC.events.length, 0);
    assert.equal(refusal(await send(c, cid, 'from outside')), 'CONVERSATION_MEMBERSHIP_REQUIRED');
    // Nothing waits for C as unread either: the room has no member row for anyone.
    assert.equal((await call(c, 'conversation:get', { cid })).unreadMessagesCount, 0);
  });

  it('lets those in the room read its recent history, and nobody outside it', async () => {
    const [a, b, c] = [await t.connect(fresh('hal')), await t.connect(fresh('ida')), await t.connect(fresh('jon'))];
    const cid = await room(a);
    await call(a, 'conversation:join', { cid });
    for (const text of ['one', 'two', 'three']) assert.ok((await send(a, cid, text)).ok);
    // B arrives later and catches up on what was said.
    await call(b, 'conversation:join', { cid });
    const page = await call(b, 'message:history', { cid });
    assert.deepEqual(page.messages.map((m) => m.text), ['one', 'two', 'three']);
    // C never joined: the history answers like a missing conversation.
    assert.equal(refusal(await request(c, 'message:history', { cid })), 'INVALID_MESSAGING_TARGET');
  });

  it('holds one room per login: joining another leaves the first', async () => {
    const [a, b] = [await t.connect(fresh('hal')), await t.connect(fresh('ida'))];
    const first = await room(b, 'First');
    const second = await room(b, 'Second');
    await call(b, 'conversation:join', { cid: first });
    await call(a, 'conversation:join', { cid: first });
    await call(a, 'conversation:join', { cid: second });
    assert.equal((await call(b, 'conversation:count', { cid: first })).count, 1);
    assert.equal((await call(b, 'conversation:count', { cid: second })).count, 1);
    assert.equal(refusal(await send(a, first, 'still here?')), 'CONVERSATION_MEMBERSHIP_REQUIRED');
    const atB = record(b, 'message:created');
    await call(b, 'conversation:join', { cid: second });
    const got = nextEvent(b, 'message:created');
    assert.ok((await send(a, second, 'in the second room')).ok);
    assert.equal((await got).cid, second);
    assert.ok(atB.events.every((m) => m.cid === second));
  });

  /** The server handles a disconnect asynchronously: waits (bounded) until it recorded the drop. */
  async function droppedAt(user: string, cid: string): Promise<number> {
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      const drop = await t.server.db
        .selectFrom('chat_room_drops')
        .select('dropped_at')
        .where('user_id', '=', user)
        .where('conversation_id', '=', cid)
        .executeTakeFirst();
      if (drop) return Number(drop.dropped_at);
    }
    throw new Error('the drop was never recorded');
  }

  it('puts a dropped connection back within 30 minutes, and not after', async () => {
    const user = fresh('jon');
    const owner = await t.connect(fresh('kim'));
    const cid = await room(owner);
    const first = await t.connect(user);
    await call(first, 'conversation:join', { cid });
    first.disconnect();
    await droppedAt(user, cid);
    clock.advance(29 * 60 * 1000);
    const back = await t.connect(user);
    assert.ok((await call(back, 'conversation:rejoin', { cid })).transient, 'put back after 29 minutes away');
    assert.ok((await send(back, cid, 'back again')).ok);
    assert.equal((await call(owner, 'conversation:count', { cid })).count, 1);

    back.disconnect();
    await droppedAt(user, cid);
    clock.advance(31 * 60 * 1000);
    const late = await t.connect(user);
    assert.equal(refusal(await request(late, 'conversation:rejoin', { cid })), 'CHAT_ROOM_REJOIN_EXPIRED');
    assert.equal(refusal(await send(late, cid, 'not in the room')), 'CONVERSATION_MEMBERSHIP_REQUIRED');
    assert.ok((await call(late, 'conversation:join', { cid })).transient, 'joining again works');
  });

  it('does not put back someone who quit on purpose', async () => {
    const s = await t.connect(fresh('lea'));
    const cid = await room(s);
    await call(s, 'conversation:join', { cid });
    await call(s, 'conversation:quit', { cid });
    assert.equal(refusal(await request(s, 'conversation:rejoin', { cid })), 'CHAT_ROOM_REJOIN_EXPIRED');
  });

  it('limits each sender: past the flood budget a send is refused with 4116, others still send', async () => {
    const [a, b] = [await t.connect(fresh('max')), await t.connect(fresh('ned'))];
    const cid = await room(a);
    await call(a, 'conversation:join', { cid });
    await call(b, 'conversation:join', { cid });
    const results: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await send(a, cid, `flood ${i}`);
      results.push(r.ok ? 'ok' : r.error.name);
    }
    assert.deepEqual(results, ['ok', 'ok', 'ok', 'ok', 'ok', 'MESSAGE_SENT_QUOTA_EXCEEDED']);
    assert.ok((await send(b, cid, 'not me')).ok);
    const stored = await t.server.db.selectFrom('messages').select('text').where('conversation_id', '=', cid).execute();
    assert.equal(stored.length, 6);
  });

  it("lets its owner silence (4563) and block members; blocked ones are put out and cannot come back", async () => {
    const [owner, troll, other] = [await t.connect(fresh('oli')), await t.connect(fresh('pip')), await t.connect(fresh('quin'))];
    const cid = await room(owner);
    for (const s of [owner, troll, other]) await call(s, 'conversation:join', { cid });
    const trollName = await whoAmI(troll);
    assert.equal(refusal(await request(other, 'conversation:mute-members', { cid, members: [trollName] })), 'CONVERSATION_OPERATION_UNAUTHORIZED');

    const muted = await call(owner, 'conversation:mute-members', { cid, members: [trollName] });
    assert.deepEqual(muted.successful, [trollName]);
    assert.equal(refusal(await send(troll, cid, 'spam')), 'SILENCED');
    assert.deepEqual((await call(owner, 'conversation:muted-members', { cid })).members, [trollName]);

    const kicked = nextEvent(troll, 'conversation:kicked');
    await call(owner, 'conversation:block-members', { cid, members: [trollName] });
    assert.deepEqual(await kicked, { cid, kickedBy: await whoAmI(owner), blocked: true });
    assert.equal(refusal(await request(troll, 'conversation:join', { cid })), 'BLOCKED_BY_CONV');
    assert.equal((await call(owner, 'conversation:count', { cid })).count, 2);
    await call(owner, 'conversation:unblock-members', { cid, members: [trollName] });
    assert.ok((await call(troll, 'conversation:join', { cid })).transient);
  });

  it('is visible to everyone, but only its owner changes it', async () => {
    const [owner, guest] = [await t.connect(fresh('ray')), await t.connect(fresh('sue'))];
    const cid = await room(owner);
    assert.equal((await call(guest, 'conversation:get', { cid })).name, 'Lobby');
    assert.equal(refusal(await request(guest, 'conversation:update', { cid, set: { name: 'Mine now' } })), 'CONVERSATION_OPERATION_UNAUTHORIZED');
    await call(guest, 'conversation:join', { cid });
    const info = nextEvent(guest, 'conversation:updated');
    await call(owner, 'conversation:update', { cid, set: { name: 'Main hall', 'attr.topic': 'news' } });
    const event = await info;
    assert.equal(event.name, 'Main hall');
    assert.deepEqual(event.attributes, { topic: 'news' });
  });

  it('answers an unknown room like a missing conversation, and a normal one with 4316 on rejoin', async () => {
    const s = await t.connect(fresh('tom'));
    assert.equal(refusal(await request(s, 'conversation:join', { cid: 'no-such-room' })), 'INVALID_MESSAGING_TARGET');
    assert.equal(refusal(await request(s, 'conversation:rejoin', { cid: 'no-such-room' })), 'INVALID_MESSAGING_TARGET');
    const normal = await call(s, 'conversation:create', { members: [fresh('uma')] });
    assert.equal(refusal(await request(s, 'conversation:rejoin', { cid: normal.id })), 'TRANSIENT_CONVERSATION_REQUIRED');
    const outsider = await t.connect(fresh('vic'));
    assert.equal(refusal(await request(outsider, 'conversation:rejoin', { cid: normal.id })), 'INVALID_MESSAGING_TARGET');
    assert.equal(refusal(await request(outsider, 'conversation:join', { cid: normal.id })), 'INVALID_MESSAGING_TARGET');
  });
});

/** The user id a socket is logged in as (from a conversation it creates). */
async function whoAmI(socket: TestSocket): Promise<string> {
  const created = await call(socket, 'conversation:create-chat-room', { name: 'probe' });
  return created.creator;
}
