import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MessageType } from '../../../src/protocol/limits.js';
import { call, newClientId, nextEvent, startTestServer, type TestServer } from '../../support/test-server.js';

const MASTER_KEY = 'master-key-master-key-master-key-0123456789';

describe('admin API: message moderation', () => {
  let t: TestServer;
  before(async () => {
    // A sender's window has long passed; the admin API is not bound by it.
    t = await startTestServer({ masterKey: MASTER_KEY, messages: { recallWindowMs: 1, editWindowMs: 1 } });
  });
  after(() => t.close());

  const admin = (path: string, method: string, body?: unknown, key = MASTER_KEY) =>
    fetch(`${t.url}/api/admin/messages/${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  let pairs = 0;
  async function message(text: string) {
    pairs++;
    const alice = await t.connect(`alice-${pairs}`);
    const bob = await t.connect(`bob-${pairs}`);
    const { id: cid } = await call(alice, 'conversation:create', { members: [`bob-${pairs}`] });
    const sent = await call(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text });
    return { cid, sent, alice, bob };
  }

  it('edits and recalls any message, and members hear of it', async () => {
    const { cid, sent, bob } = await message('against the rules');
    const updated = nextEvent(bob, 'message:updated');
    const edit = await admin(`${cid}/${sent.id}`, 'PATCH', { text: '[edited by a moderator]' });
    assert.equal(edit.status, 200);
    assert.equal(((await edit.json()) as { text: string }).text, '[edited by a moderator]');
    assert.equal((await updated).text, '[edited by a moderator]');

    const recalled = nextEvent(bob, 'message:recalled');
    const recall = await admin(`${cid}/${sent.id}/recall`, 'POST');
    assert.equal(recall.status, 200);
    assert.equal((await recalled).type, MessageType.RECALLED);
    assert.equal((await admin(`${cid}/${sent.id}/recall`, 'POST')).status, 409, 'already recalled');
  });

  it('refuses a wrong key and unknown messages, changing nothing', async () => {
    const { cid, sent, alice } = await message('stays');
    const wrong = await admin(`${cid}/${sent.id}/recall`, 'POST', undefined, 'not-the-key');
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { name: string } }).error.name, 'ADMIN_KEY_REQUIRED');
    assert.equal((await admin(`${cid}/no-such-message/recall`, 'POST')).status, 404);
    const bad = await admin(`${cid}/${sent.id}`, 'PATCH', { text: '' });
    assert.equal(bad.status, 400);
    const page = await call(alice, 'message:history', { cid });
    assert.deepEqual(page.messages, [sent]);
  });
});
