import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, nextEvent, startTestServer, type TestServer } from '../../support/test-server.js';

describe('demo mode: the news service conversation', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const post = async (path: string, token: string | undefined, body: unknown = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${t.url}/api/demo/news/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { cid?: string; error?: { name: string } } };
  };

  it('subscribes the caller and delivers posts to subscribers', async () => {
    const alice = await t.connect('alice');
    const subscribed = await post('subscribe', await t.token('alice'));
    assert.equal(subscribed.status, 200);
    const cid = subscribed.body.cid!;
    assert.equal((await call(alice, 'conversation:get', { cid })).subscribed, true);
    const arrived = nextEvent(alice, 'message:created');
    assert.equal((await post('post', await t.token('bob'), { text: 'Hello from the demo' })).status, 200);
    assert.equal((await arrived).text, 'Hello from the demo');
    assert.equal((await post('subscribe', await t.token('carol'))).body.cid, cid, 'one news service');
  });

  it('refuses callers without a valid token and empty posts', async () => {
    assert.equal((await post('subscribe', undefined)).body.error?.name, 'SESSION_REQUIRED');
    assert.equal((await post('post', 'forged.token.value', { text: 'x' })).body.error?.name, 'INVALID_LOGIN');
    assert.equal((await post('post', await t.token('dan'), { text: '' })).body.error?.name, 'INVALID_PAYLOAD');
  });
});

describe('production mode', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ demo: false });
  });
  after(() => t.close());

  it('has no demo service routes', async () => {
    const response = await fetch(`${t.url}/api/demo/news/subscribe`, { method: 'POST' });
    assert.equal(response.status, 404);
  });
});
