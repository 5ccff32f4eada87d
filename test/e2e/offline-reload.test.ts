import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import type { MessageRecord } from '../../src/protocol/model.js';
import { CHROME_ARGS, findChrome } from '../support/browser.js';
import { siteRoot } from '../support/site-root.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

// A site page embedding the built widget; who and where come from the query string.
const CHAT_PAGE = `<!doctype html><link rel="icon" href="data:,"><script type="module" src="/dist/parley.js"></script>
<script type="module">
  const params = new URLSearchParams(location.search);
  const provider = document.createElement('chat-client');
  provider.setAttribute('server', location.origin);
  provider.setAttribute('token', params.get('token'));
  const room = document.createElement('chat-room');
  room.setAttribute('conversation', params.get('cid'));
  room.style.height = '600px';
  provider.append(room);
  document.body.append(provider);
</script>`;

describe('messages written offline survive a page reload', () => {
  let t: TestServer;
  let browser: Browser;
  const errors: string[] = [];
  const site = siteRoot({ 'chat.html': CHAT_PAGE });

  before(async () => {
    t = await startTestServer({ staticRoot: site.root });
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    site.remove();
  });

  it('sends each of 20 offline messages exactly once, in order, after the reload', async () => {
    const bob = await t.connect('bob');
    const received: MessageRecord[] = [];
    bob.on('message:created', (m) => received.push(m));
    const conversation = await call(bob, 'conversation:create', { members: ['alice'] });
    const token = await t.token('alice');

    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${t.url}/demo/chat.html?token=${token}&cid=${conversation.id}`);
    await page.waitForFunction("document.querySelector('chat-client').client?.state === 'online'");
    await page.evaluate("document.querySelector('chat-client').client.disconnect()");

    const composer = page.locator('chat-room textarea');
    for (let i = 1; i <= 20; i++) {
      await composer.fill(`offline ${i}`);
      await composer.press('Enter');
    }
    await page.locator('chat-room .message.sending').nth(19).waitFor();
    assert.equal(received.length, 0);

    await page.reload();
    await page.locator('chat-room .message.sent').nth(19).waitFor({ timeout: 15_000 });
    await page.locator('chat-room [part="status"]').waitFor({ state: 'detached' });

    // Every message reached bob once, in the order typed, with consecutive seq.
    const deadline = Date.now() + 10_000;
    while (received.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(received.map((m) => m.text), Array.from({ length: 20 }, (_, i) => `offline ${i + 1}`));
    assert.deepEqual(received.map((m) => m.seq), Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await t.server.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation.id).execute();
    assert.equal(rows.length, 20);
    assert.deepEqual(errors, []);
  });
});
