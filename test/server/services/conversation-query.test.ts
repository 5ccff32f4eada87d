import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConversationQueryPayload } from '../../../src/protocol/conversation-schemas.js';
import type { AckResult } from '../../../src/protocol/events.js';
import type { ConversationPage } from '../../../src/protocol/model.js';
import { ManualClock } from '../../support/manual-clock.js';
import { call, newClientId, rawRequest, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

const MASTER_KEY = 'query-test-master-key-0123456789abcdef';

function refusal(result: AckResult<unknown>): string {
  assert.ok(!result.ok, 'expected a refusal');
  return result.error.name;
}

describe('conversation queries', () => {
  let t: TestServer;
  let me: TestSocket;
  let stranger: TestSocket;
  const clock = new ManualClock();
  const ids: Record<string, string> = {};

  const names = async (query: ConversationQueryPayload, socket = me) =>
    (await call(socket, 'conversation:query', query)).conversations.map((c) => c.name);

  async function admin(path: string, body: unknown): Promise<{ id: string }> {
    const response = await fetch(`${t.url}/api/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${path}: ${response.status}`);
    return (await response.json()) as { id: string };
  }

  before(async () => {
    t = await startTestServer({ clock, masterKey: MASTER_KEY });
    me = await t.connect('me');
    stranger = await t.connect('stranger');
    const create = async (key: string, payload: { members: string[]; name: string; attributes?: Record<string, unknown>; unique?: boolean }) => {
      ids[key] = (await call(me, 'conversation:create', payload)).id;
    };
    await create('alphaTeam', { members: ['x', 'y'], name: 'Alpha team', attributes: { type: 'group', level: 3, pinned: true } });
    await create('beta', { members: ['x'], name: 'Beta', attributes: { type: 'private', level: '3' }, unique: false });
    await create('soup', { members: ['z'], name: 'alphabet soup' });
    ids.temp = (await call(me, 'conversation:create-temporary', { members: ['agent'], name: 'Support' })).id;
    ids.secret = (await call(stranger, 'conversation:create', { members: ['x'], name: 'Alpha secret', attributes: { type: 'group' } })).id;
    ids.room = (await call(stranger, 'conversation:create-chat-room', { name: 'Alpha room' })).id;
    ids.lobby = (await call(stranger, 'conversation:create-chat-room', { name: 'Lobby', attributes: { level: 1 } })).id;
    ids.news = (await admin('/service-conversations', { name: 'News' })).id;
    ids.offers = (await admin('/service-conversations', { name: 'Offers' })).id;
    await admin(`/service-conversations/${ids.news}/subscribers`, { users: ['me'] });
  });
  after(() => t.close());

  it('finds only what the user may see: their own conversations by default, never others\'', async () => {
    assert.deepEqual((await names({})).sort(), ['Alpha team', 'Beta', 'News', 'Support', 'alphabet soup']);
    assert.deepEqual(await names({ where: { name: { equals: 'Alpha secret' } } }), []);
    assert.deepEqual(await names({ where: { name: { equals: 'Alpha secret' } } }, stranger), ['Alpha secret']);
  });

  it('filters by name: equals, contains and starts with (case-sensitive)', async () => {
    assert.deepEqual(await names({ where: { name: { equals: 'Beta' } } }), ['Beta']);
    assert.deepEqual((await names({ where: { name: { contains: 'lpha' } } })).sort(), ['Alpha team', 'alphabet soup']);
    assert.deepEqual(await names({ where: { name: { startsWith: 'Alpha' } } }), ['Alpha team']);
    assert.deepEqual(await names({ where: { name: { startsWith: 'alpha' } } }), ['alphabet soup']);
    assert.deepEqual(await names({ where: { name: { contains: '%' } } }), [], 'no wildcards');
  });

  it('filters by members: contains these, or exactly these', async () => {
    assert.deepEqual((await names({ where: { members: { contains: ['x'] } } })).sort(), ['Alpha team', 'Beta']);
    assert.deepEqual(await names({ where: { members: { contains: ['x', 'y'] } } }), ['Alpha team']);
    assert.deepEqual(await names({ where: { members: { exactly: ['me', 'x'] } } }), ['Beta']);
    assert.deepEqual(await names({ where: { members: { exactly: ['x'] } } }), []);
  });

  it('filters by custom attribute, comparing types like JSON', async () => {
    assert.deepEqual(await names({ where: { attributes: [{ key: 'attr.type', op: 'eq', value: 'group' }] } }), ['Alpha team']);
    assert.deepEqual(await names({ where: { attributes: [{ key: 'attr.level', op: 'eq', value: 3 }] } }), ['Alpha team'], '3 is not "3"');
    assert.deepEqual(await names({ where: { attributes: [{ key: 'attr.level', op: 'eq', value: '3' }] } }), ['Beta']);
    assert.deepEqual(await names({ where: { attributes: [{ key: 'attr.pinned', op: 'eq', value: true }] } }), ['Alpha team']);
    assert.deepEqual(
      (await names({ where: { attributes: [{ key: 'attr.type', op: 'ne', value: 'group' }] } })).sort(),
      ['Beta', 'News', 'Support', 'alphabet soup'],
      'missing counts as not equal',
    );
    assert.deepEqual(await names({ where: { attributes: [{ key: 'attr.level', op: 'gte', value: 2 }] } }), ['Alpha team']);
    assert.deepEqual(
      (await names({ where: { attributes: [{ key: 'attr.type', op: 'in', value: ['group', 'private'] }] } })).sort(),
      ['Alpha team', 'Beta'],
    );
    assert.deepEqual((await names({ where: { attributes: [{ key: 'attr.level', op: 'exists', value: true }] } })).sort(), ['Alpha team', 'Beta']);
    assert.deepEqual(
      await names({ where: { name: { contains: 'a' }, attributes: [{ key: 'attr.type', op: 'eq', value: 'private' }] } }),
      ['Beta'],
      'conditions combine with and',
    );
  });

  it('finds chat rooms and service conversations among all, and the services one subscribes to', async () => {
    assert.deepEqual((await names({ where: { kind: 'transient' } })).sort(), ['Alpha room', 'Lobby']);
    assert.deepEqual(await names({ where: { kind: 'transient', name: { startsWith: 'Alpha' } } }), ['Alpha room']);
    assert.deepEqual(await names({ where: { kind: 'transient', attributes: [{ key: 'attr.level', op: 'lt', value: 5 }] } }), ['Lobby']);
    const services = (await call(me, 'conversation:query', { where: { kind: 'system' } })).conversations;
    assert.deepEqual(services.map((c) => [c.name, c.subscribed]).sort(), [['News', true], ['Offers', false]]);
    assert.deepEqual(await names({ where: { kind: 'system', subscribed: true } }), ['News']);
    assert.deepEqual(await names({ where: { kind: 'temporary' } }), ['Support']);
    assert.deepEqual(await names({ where: { kind: 'normal', members: { contains: ['z'] } } }), ['alphabet soup']);
    assert.equal(refusal(await rawRequest(me, 'conversation:query', { where: { subscribed: true } })), 'INVALID_PAYLOAD');
  });

  it('sorts by lastMessageAt or updatedAt, either way; newest activity first by default', async () => {
    await call(me, 'message:send', { cid: ids.beta!, clientId: newClientId(), type: -1, text: 'latest' });
    await call(me, 'conversation:update', { cid: ids.soup!, set: { 'attr.touched': true } });
    const mine = { where: { kind: 'normal' as const } };
    assert.deepEqual(await names(mine), ['Beta', 'alphabet soup', 'Alpha team']);
    assert.deepEqual(await names({ ...mine, sort: { by: 'lastMessageAt', order: 'asc' } }), ['Alpha team', 'alphabet soup', 'Beta']);
    assert.deepEqual(await names({ ...mine, sort: { by: 'updatedAt', order: 'desc' } }), ['alphabet soup', 'Beta', 'Alpha team']);
    assert.deepEqual(await names({ ...mine, sort: { by: 'createdAt', order: 'desc' } }), ['alphabet soup', 'Beta', 'Alpha team']);
  });

  it('pages with limit (default 10, at most 1,000) and a cursor or skip, with no duplicates', async () => {
    const pager = await t.connect('pager');
    for (let i = 0; i < 23; i++) await call(pager, 'conversation:create', { members: [`peer-${i}`, 'third'], name: `group ${i}` });
    const first = await call(pager, 'conversation:query', {});
    assert.equal(first.conversations.length, 10);
    assert.ok(first.next);
    const seen = [...first.conversations.map((c) => c.name)];
    let cursor: string | undefined = first.next;
    while (cursor) {
      const page: ConversationPage = await call(pager, 'conversation:query', { cursor, limit: 7 });
      seen.push(...page.conversations.map((c) => c.name));
      cursor = page.next;
    }
    assert.equal(seen.length, 23);
    assert.equal(new Set(seen).size, 23);
    assert.deepEqual(seen, Array.from({ length: 23 }, (_, i) => `group ${22 - i}`));
    assert.deepEqual(await names({ skip: 20, limit: 5 }, pager), ['group 2', 'group 1', 'group 0']);
    assert.equal(refusal(await rawRequest(pager, 'conversation:query', { limit: 1001 })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await rawRequest(pager, 'conversation:query', { limit: 0 })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await rawRequest(pager, 'conversation:query', { skip: 1, cursor: first.next })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await rawRequest(pager, 'conversation:query', { cursor: "1' or 1=1 --" })), 'INVALID_PAYLOAD');
  });

  it('leaves member lists out in compact mode, and includes last messages only when asked', async () => {
    const plain = (await call(me, 'conversation:query', { where: { name: { equals: 'Beta' } } })).conversations[0]!;
    assert.deepEqual(plain.members, ['me', 'x']);
    assert.equal(plain.lastMessage, undefined);
    const compact = (await call(me, 'conversation:query', { where: { name: { equals: 'Beta' } }, compact: true, withLastMessages: true })).conversations[0]!;
    assert.deepEqual(compact.members, []);
    assert.equal(compact.lastMessage?.text, 'latest');
  });

  it('refuses bad queries with a typed error naming the field', async () => {
    const cases: [unknown, string, string][] = [
      [{ where: { kind: 'secret' } }, 'INVALID_PAYLOAD', 'where.kind'],
      [{ where: { name: { contains: '' } } }, 'INVALID_PAYLOAD', 'where.name.contains'],
      [{ where: { attributes: [{ key: 'attr.__proto__', op: 'eq', value: 1 }] } }, 'INVALID_PAYLOAD', 'where.attributes.0.key'],
      [{ where: { attributes: [{ key: "attr.x') or 1=1 --", op: 'eq', value: 1 }] } }, 'INVALID_PAYLOAD', 'where.attributes.0.key'],
      [{ where: { attributes: [{ key: 'attr.x', op: 'regex', value: '.*' }] } }, 'INVALID_PAYLOAD', 'where.attributes.0.op'],
      [{ where: { members: { contains: Array.from({ length: 101 }, (_, i) => `u${i}`) } } }, 'PAYLOAD_TOO_LARGE', 'where.members.contains'],
      [{ sort: { by: 'name', order: 'desc' } }, 'INVALID_PAYLOAD', 'sort.by'],
    ];
    for (const [payload, name, field] of cases) {
      const result = await rawRequest(me, 'conversation:query', payload);
      assert.equal(refusal(result), name, JSON.stringify(payload));
      assert.ok(!result.ok && result.error.detail?.field === field, `${JSON.stringify(payload)} names ${field}`);
    }
  });
});
