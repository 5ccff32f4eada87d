import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AckResult } from '../../../src/protocol/events.js';
import { ManualClock } from '../../support/manual-clock.js';
import { call, newClientId, nextEvent, rawRequest, request, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

let counter = 0;
const fresh = (name: string) => `${name}-${++counter}`;

function refusal(result: AckResult<unknown>): string {
  assert.ok(!result.ok, 'expected a refusal');
  return result.error.name;
}

describe('conversation attributes', () => {
  let t: TestServer;
  const clock = new ManualClock();
  before(async () => {
    t = await startTestServer({ clock });
  });
  after(() => t.close());

  async function group(): Promise<{ a: TestSocket; b: TestSocket; aId: string; bId: string; cid: string }> {
    const [aId, bId] = [fresh('ann'), fresh('ben')];
    const [a, b] = [await t.connect(aId), await t.connect(bId)];
    const { id: cid } = await call(a, 'conversation:create', { members: [bId, fresh('cy')], name: 'Class 3', attributes: { color: { text: 'black' } } });
    return { a, b, aId, bId, cid };
  }

  const stored = async (cid: string) =>
    t.server.db.selectFrom('conversations').select(['name', 'attributes', 'updated_at']).where('id', '=', cid).executeTakeFirstOrThrow();

  it('carries every attribute of the seed, with 1:1 delivery and read times', async () => {
    const [aId, bId] = [fresh('dee'), fresh('eli')];
    const [a, b] = [await t.connect(aId), await t.connect(bId)];
    const chat = await call(a, 'conversation:create', { members: [bId] });
    const first = await call(a, 'message:send', { cid: chat.id, clientId: newClientId(), type: -1, text: 'one' });
    await call(a, 'message:send', { cid: chat.id, clientId: newClientId(), type: -1, text: 'two' });
    await call(b, 'message:ack', { cid: chat.id, seq: 2 });
    await call(b, 'conversation:read', { cid: chat.id, seq: 1 });
    const seen = await call(a, 'conversation:get', { cid: chat.id });
    for (const key of ['id', 'name', 'members', 'creator', 'transient', 'system', 'mutedMembers', 'muted', 'createdAt', 'updatedAt', 'lastMessageAt', 'lastMessage', 'unreadMessagesCount', 'lastDeliveredAt', 'lastReadAt', 'attributes']) {
      assert.ok(key in seen, `${key} is present`);
    }
    assert.equal(seen.lastReadAt, first.timestamp, 'bob read up to the first message');
    assert.equal(seen.lastDeliveredAt, seen.lastMessage!.timestamp, 'bob received both');
    assert.equal(seen.creator, aId);
    assert.equal(seen.role, 'owner');
    const group = await call(a, 'conversation:create', { members: [bId, fresh('x')] });
    assert.equal(group.lastReadAt, undefined, 'only for 1:1');
  });

  it('sets and removes attributes by dotted key; every member hears infoupdated', async () => {
    const { a, b, cid } = await group();
    const before = await stored(cid);
    const heard = nextEvent(a, 'conversation:updated');
    const updated = await call(b, 'conversation:update', {
      cid,
      set: { name: 'Class 3, grade 2', 'attr.color.background': 'white', 'attr.pinned': true, 'attr.tags': ['a', 'b'] },
    });
    assert.equal(updated.name, 'Class 3, grade 2');
    assert.deepEqual(updated.attributes, { color: { text: 'black', background: 'white' }, pinned: true, tags: ['a', 'b'] });
    assert.ok(updated.updatedAt > Number(before.updated_at));
    const event = await heard;
    assert.deepEqual(event.changes.set, { name: 'Class 3, grade 2', 'attr.color.background': 'white', 'attr.pinned': true, 'attr.tags': ['a', 'b'] });
    assert.deepEqual(event.attributes, updated.attributes);
    assert.equal(event.updatedAt, updated.updatedAt);

    const removed = await call(a, 'conversation:update', { cid, unset: ['attr.color.text', 'attr.missing.deep'] });
    assert.deepEqual(removed.attributes, { color: { background: 'white' }, pinned: true, tags: ['a', 'b'] });
    assert.equal((await call(b, 'conversation:get', { cid })).name, 'Class 3, grade 2');
  });

  it('refuses bad changes with a typed error naming the field, and changes nothing', async () => {
    const { a, cid } = await group();
    const before = await stored(cid);
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 100; i++) node = (node.next = {}) as Record<string, unknown>;
    const cases: [unknown, string, string][] = [
      [{ cid, set: { 'attr.big': 'x'.repeat(1024 * 1024) } }, 'PAYLOAD_TOO_LARGE', 'set'],
      [{ cid, set: { 'attr.__proto__': { polluted: true } } }, 'INVALID_PAYLOAD', 'set.attr.__proto__'],
      [{ cid, set: JSON.parse('{"attr.x": {"__proto__": {"polluted": true}}}') }, 'INVALID_PAYLOAD', 'set.attr.x.__proto__'],
      [{ cid, set: { 'attr.constructor.prototype': 1 } }, 'INVALID_PAYLOAD', 'set.attr.constructor.prototype'],
      [{ cid, set: { 'attr.deep': deep } }, 'INVALID_PAYLOAD', ''],
      [{ cid, set: { 'attr.a.b.c.d.e.f': 1 } }, 'INVALID_PAYLOAD', 'set.attr.a.b.c.d.e.f'],
      [{ cid, set: { name: '' } }, 'INVALID_PAYLOAD', 'set.name'],
      [{ cid, set: { name: ' \u200B ' } }, 'INVALID_PAYLOAD', 'set.name'],
      [{ cid, set: { name: 'n'.repeat(101) } }, 'INVALID_PAYLOAD', 'set.name'],
      [{ cid, set: { 'attr.color.text.shade': 'dark' } }, 'INVALID_ATTRIBUTE', 'attr.color.text.shade'],
      [{ cid, set: { creator: 'me' } }, 'INVALID_PAYLOAD', 'set.creator'],
      [{ cid, set: { 'attr.bad key': 1 } }, 'INVALID_PAYLOAD', 'set.attr.bad key'],
      [{ cid }, 'INVALID_PAYLOAD', 'set'],
      [{ cid, set: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`attr.k${i}`, i])) }, 'INVALID_PAYLOAD', 'set'],
    ];
    for (const [payload, name, field] of cases) {
      const result = await rawRequest(a, 'conversation:update', payload);
      assert.equal(refusal(result), name, JSON.stringify(payload).slice(0, 80));
      if (field && !result.ok) assert.ok(String(result.error.detail?.field).startsWith(field), `${field} named, got ${result.error.detail?.field}`);
    }
    assert.deepEqual(await stored(cid), before);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  });

  it('keeps custom attributes within size and depth at creation too', async () => {
    const s = await t.connect(fresh('fay'));
    const count = async () => (await t.server.db.selectFrom('conversations').select('id').execute()).length;
    const before = await count();
    assert.equal(refusal(await rawRequest(s, 'conversation:create', { members: [fresh('g')], attributes: { big: 'x'.repeat(1024 * 1024) } })), 'PAYLOAD_TOO_LARGE');
    assert.equal(refusal(await rawRequest(s, 'conversation:create', { members: [fresh('g')], attributes: JSON.parse('{"__proto__": {"a": 1}}') })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await rawRequest(s, 'conversation:create', { members: [fresh('g')], name: '' })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await rawRequest(s, 'conversation:create-chat-room', { name: 'x'.repeat(10_000) })), 'PAYLOAD_TOO_LARGE');
    assert.equal(await count(), before);
  });

  it('lets only members change a normal conversation; others get 4401', async () => {
    const { cid } = await group();
    const outsider = await t.connect(fresh('hal'));
    assert.equal(refusal(await request(outsider, 'conversation:update', { cid, set: { name: 'hijacked' } })), 'INVALID_MESSAGING_TARGET');
  });
});
