import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, request, startTestServer, type TestServer } from '../../support/test-server.js';

describe('user:online (who has a connection open)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('answers which of the asked users are connected, once each, in the order asked', async () => {
    const asker = await t.connect('presence-asker');
    const phone = await t.connect('presence-ann');
    await t.connect('presence-ann');
    await t.connect('presence-ben');
    const { online } = await call(asker, 'user:online', { users: ['presence-ben', 'presence-nobody', 'presence-ann', 'presence-ben'] });
    assert.deepEqual(online, ['presence-ben', 'presence-ann']);

    // One of ann's two connections closes: she is still online.
    phone.disconnect();
    assert.deepEqual((await call(asker, 'user:online', { users: ['presence-ann'] })).online, ['presence-ann']);
  });

  it('notices a user whose last connection closed', async () => {
    const asker = await t.connect('presence-asker2');
    const only = await t.connect('presence-cat');
    only.disconnect();
    const deadline = Date.now() + 5000;
    let online = ['presence-cat'];
    while (online.length > 0 && Date.now() < deadline) {
      online = (await call(asker, 'user:online', { users: ['presence-cat'] })).online;
      if (online.length > 0) await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(online, []);
  });

  it('refuses an empty list, more than 20 ids, and ids that cannot be users', async () => {
    const asker = await t.connect('presence-asker3');
    const tooMany = Array.from({ length: 21 }, (_, i) => `user-${i}`);
    const cases: [string[], string][] = [
      [[], 'INVALID_PAYLOAD'],
      [tooMany, 'PAYLOAD_TOO_LARGE'],
      [['#service'], 'INVALID_PAYLOAD'],
    ];
    for (const [users, error] of cases) {
      const result = await request(asker, 'user:online', { users });
      assert.equal(result.ok ? 'answered' : result.error.name, error, JSON.stringify(users).slice(0, 40));
    }
  });
});
