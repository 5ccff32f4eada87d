import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, newClientId, nextEvent, rawRequest, record, startTestServer, type TestServer } from '../../support/test-server.js';

let users = 0;
const fresh = (name: string) => `${name}-m${++users}`;

describe('@mentions', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  async function group() {
    const [alice, bob, carol] = [fresh('alice'), fresh('bob'), fresh('carol')];
    const [a, b, c] = [await t.connect(alice), await t.connect(bob), await t.connect(carol)];
    const conversation = await call(a, 'conversation:create', { members: [bob, carol] });
    return { alice, bob, carol, a, b, c, cid: conversation.id };
  }

  it('marks the message mentioned for the mentioned member only, live and in history', async () => {
    const { bob, a, b, c, cid } = await group();
    const toBob = nextEvent(b, 'message:created');
    const toCarol = nextEvent(c, 'message:created');
    const sent = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: '@bob look', mentionList: [bob, bob] });
    assert.deepEqual(sent.mentionList, [bob], 'duplicates collapse');
    assert.equal(sent.mentioned, undefined, 'the sender is never mentioned');
    assert.equal((await toBob).mentioned, true);
    assert.equal((await toCarol).mentioned, undefined);

    const bobsHistory = await call(b, 'message:history', { cid });
    const carolsHistory = await call(c, 'message:history', { cid });
    assert.equal(bobsHistory.messages.at(-1)!.mentioned, true);
    assert.equal(carolsHistory.messages.at(-1)!.mentioned, undefined);
  });

  it('mentionAll mentions everyone but the sender', async () => {
    const { a, b, c, cid } = await group();
    const mine = record(a, 'message:created');
    const toBob = nextEvent(b, 'message:created');
    const toCarol = nextEvent(c, 'message:created');
    const sent = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: '@all lunch', mentionAll: true });
    assert.equal(sent.mentionAll, true);
    assert.equal((await toBob).mentioned, true);
    assert.equal((await toCarol).mentioned, true);
    assert.deepEqual(mine.events, []);
  });

  it('sets the unread-mention flag until the member reads', async () => {
    const { bob, a, b, c, cid } = await group();
    await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'hey @bob', mentionList: [bob] });
    assert.equal((await call(b, 'conversation:get', { cid })).unreadMessagesMentioned, true);
    assert.equal((await call(c, 'conversation:get', { cid })).unreadMessagesMentioned, undefined);
    await call(b, 'conversation:read', { cid });
    assert.equal((await call(b, 'conversation:get', { cid })).unreadMessagesMentioned, undefined);
  });

  it('refuses a mention of someone who is not a member, and oversized lists', async () => {
    const { bob, a, cid } = await group();
    const before = await call(a, 'message:history', { cid });
    const outsider = await rawRequest(a, 'message:send', {
      cid,
      clientId: newClientId(),
      type: -1,
      text: 'hi',
      mentionList: [bob, 'stranger'],
    });
    assert.ok(!outsider.ok);
    assert.equal(outsider.error.name, 'INVALID_PAYLOAD');
    assert.equal(outsider.error.detail?.field, 'mentionList.1');
    const huge = await rawRequest(a, 'message:send', {
      cid,
      clientId: newClientId(),
      type: -1,
      text: 'hi',
      mentionList: Array.from({ length: 10_000 }, (_, i) => `u${i}`),
    });
    assert.ok(!huge.ok);
    assert.equal(huge.error.name, 'PAYLOAD_TOO_LARGE');
    assert.equal(huge.error.detail?.field, 'mentionList');
    assert.deepEqual(await call(a, 'message:history', { cid }), before, 'nothing stored');
  });
});
