import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConversationRecord, MessageRecord } from '../../../src/protocol/model.js';
import { call, newClientId, nextEvent, record, request, startTestServer, type TestServer } from '../../support/test-server.js';

const MASTER_KEY = 'admin-test-master-key-0123456789abcdef';

describe('admin API: service conversations', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ masterKey: MASTER_KEY });
  });
  after(() => t.close());

  async function admin(method: string, path: string, body?: unknown, key: string | null = MASTER_KEY) {
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${t.url}/api/admin${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { name: string; detail?: { field?: string } } } };
  }
  const countConversations = async () => (await t.server.db.selectFrom('conversations').select('id').execute()).length;

  it('refuses requests without the master key, or with a wrong one, changing nothing', async () => {
    const before = await countConversations();
    for (const key of [null, '', 'wrong', `${MASTER_KEY}x`, MASTER_KEY.slice(0, -1)]) {
      const { status, body } = await admin('POST', '/service-conversations', { name: 'Sneaky' }, key);
      assert.equal(status, 401, String(key));
      assert.equal(body.error?.name, 'ADMIN_KEY_REQUIRED');
    }
    assert.equal(await countConversations(), before);
  });

  it('creates a service users can find, subscribes users, and broadcasts to subscribers only', async () => {
    const [alice, bob, carol] = [await t.connect('alice'), await t.connect('bob'), await t.connect('carol')];
    const created = await admin('POST', '/service-conversations', { name: 'Parley news', attributes: { kind: 'news' } });
    assert.equal(created.status, 201);
    const service = created.body as unknown as ConversationRecord;
    assert.equal(service.system, true);
    assert.deepEqual(service.members, []);

    const found = (await call(carol, 'conversation:query', { where: { kind: 'system' } })).conversations;
    assert.ok(found.some((c) => c.id === service.id && c.subscribed === false), 'anyone may find it');

    const invited = nextEvent(alice, 'conversation:invited');
    const subscribed = await admin('POST', `/service-conversations/${service.id}/subscribers`, { users: ['alice', 'bob'] });
    assert.deepEqual(subscribed.body.successful, ['alice', 'bob']);
    assert.equal((await invited).conversation.subscribed, true);
    assert.deepEqual(
      (await call(alice, 'conversation:query', { where: { kind: 'system', subscribed: true } })).conversations.map((c) => c.id),
      [service.id],
    );

    const atCarol = record(carol, 'message:created');
    const atAlice = nextEvent(alice, 'message:created');
    const atBob = nextEvent(bob, 'message:created');
    const sent = await admin('POST', `/service-conversations/${service.id}/messages`, { text: 'Version 2 is out' });
    assert.equal(sent.status, 201);
    const [message] = sent.body.messages as MessageRecord[];
    assert.equal((await atAlice).id, message!.id);
    assert.equal((await atBob).text, 'Version 2 is out');
    assert.equal(message!.from, '#service');
    // A push to carol after the broadcast shows the broadcast did not reach her.
    const marker = nextEvent(carol, 'conversation:created');
    await call(alice, 'conversation:create', { members: ['carol'] });
    await marker;
    assert.equal(atCarol.events.length, 0);

    assert.equal((await call(alice, 'message:history', { cid: service.id })).messages[0]!.text, 'Version 2 is out');
    const outsider = await request(carol, 'message:history', { cid: service.id });
    assert.ok(!outsider.ok && outsider.error.name === 'INVALID_MESSAGING_TARGET');

    const reply = await request(alice, 'message:send', { cid: service.id, clientId: newClientId(), type: -1, text: 'thanks!' });
    assert.ok(!reply.ok && reply.error.name === 'CONVERSATION_READ_ONLY');
    assert.equal((await call(alice, 'message:history', { cid: service.id })).messages.length, 1);
    const quit = await request(alice, 'conversation:quit', { cid: service.id });
    assert.ok(!quit.ok && quit.error.name === 'CONVERSATION_READ_ONLY', 'unsubscribing goes through the site');
  });

  it('sends to chosen subscribers only, each in their own thread with the service', async () => {
    const [dan, erin] = [await t.connect('dan'), await t.connect('erin')];
    const { body } = await admin('POST', '/service-conversations', { name: 'Billing' });
    const sid = body.id as string;
    await admin('POST', `/service-conversations/${sid}/subscribers`, { users: ['dan', 'erin'] });
    const atErin = record(erin, 'message:created');
    const atDan = nextEvent(dan, 'message:created');
    const sent = await admin('POST', `/service-conversations/${sid}/messages`, { text: 'Your invoice is ready', to: ['dan', 'nobody'] });
    assert.deepEqual(sent.body.notSubscribed, ['nobody']);
    const personal = await atDan;
    assert.notEqual(personal.cid, sid);
    const thread = await call(dan, 'conversation:get', { cid: personal.cid });
    assert.deepEqual([thread.system, thread.serviceId, thread.name], [true, sid, 'Billing']);
    assert.equal((await call(dan, 'message:history', { cid: sid })).messages.length, 0, 'the shared history is untouched');
    const peek = await request(erin, 'conversation:get', { cid: personal.cid });
    assert.ok(!peek.ok && peek.error.name === 'INVALID_MESSAGING_TARGET', "nobody else sees dan's thread");
    const marker = nextEvent(erin, 'message:created');
    await admin('POST', `/service-conversations/${sid}/messages`, { text: 'To all' });
    assert.equal((await marker).text, 'To all');
    assert.deepEqual(atErin.events.map((m) => m.text), ['To all']);
  });

  it('changes attributes and unsubscribes; subscribers hear of it', async () => {
    const fay = await t.connect('fay');
    const { body } = await admin('POST', '/service-conversations', { name: 'Alerts' });
    const sid = body.id as string;
    await admin('POST', `/service-conversations/${sid}/subscribers`, { users: ['fay'] });
    const updated = nextEvent(fay, 'conversation:updated');
    const patched = await admin('PATCH', `/service-conversations/${sid}`, { set: { name: 'Urgent alerts', 'attr.level': 'high' } });
    assert.equal(patched.status, 200);
    assert.deepEqual([(await updated).name, (await updated).attributes], ['Urgent alerts', { level: 'high' }]);
    const clientUpdate = await request(fay, 'conversation:update', { cid: sid, set: { name: 'mine' } });
    assert.ok(!clientUpdate.ok && clientUpdate.error.name === 'CONVERSATION_READ_ONLY');

    const kicked = nextEvent(fay, 'conversation:kicked');
    const removed = await admin('DELETE', `/service-conversations/${sid}/subscribers/fay`);
    assert.deepEqual(removed.body.successful, ['fay']);
    assert.deepEqual(await kicked, { cid: sid, kickedBy: '#service' });
    const history = await request(fay, 'message:history', { cid: sid });
    assert.ok(!history.ok && history.error.name === 'INVALID_MESSAGING_TARGET');
  });

  it('answers bad input with a typed error and changes nothing', async () => {
    const before = await countConversations();
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/service-conversations', '{not json', 400, 'INVALID_PAYLOAD'],
      ['POST', '/service-conversations', { name: '' }, 400, 'INVALID_PAYLOAD'],
      ['POST', '/service-conversations', { name: 'x', attributes: { big: 'y'.repeat(5000) } }, 413, 'PAYLOAD_TOO_LARGE'],
      ['POST', '/service-conversations', JSON.parse('{"name": "x", "attributes": {"__proto__": {"a": 1}}}'), 400, 'INVALID_PAYLOAD'],
      ['POST', '/service-conversations/no-such-id/messages', { text: 'hi' }, 404, 'INVALID_MESSAGING_TARGET'],
      ['POST', '/service-conversations/..%2Fx/subscribers', { users: ['a'] }, 400, 'INVALID_PAYLOAD'],
      ['POST', '/service-conversations/x/subscribers', { users: ['bad id!'] }, 400, 'INVALID_PAYLOAD'],
    ];
    for (const [method, path, body, status, name] of cases) {
      const result = await admin(method, path, body);
      assert.equal(result.status, status, `${method} ${path}`);
      assert.equal(result.body.error?.name, name, `${method} ${path}`);
    }
    // A normal conversation is not a service.
    const normal = await call(await t.connect('gil'), 'conversation:create', { members: ['hal'] });
    const wrongKind = await admin('POST', `/service-conversations/${normal.id}/messages`, { text: 'hi' });
    assert.equal(wrongKind.body.error?.name, 'SYSTEM_CONVERSATION_REQUIRED');
    assert.equal(await countConversations(), before + 1);
  });
});

describe('admin API without a master key', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('does not exist', async () => {
    const response = await fetch(`${t.url}/api/admin/service-conversations`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 404);
  });
});
