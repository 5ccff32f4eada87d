import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

describe('the demo page: two people chat, and it survives a restart', () => {
  let browser: Browser;
  let server: ServerProcess;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const errors: string[] = [];

  before(async () => {
    server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS });
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const pane = (i: number) => page.locator('.pane').nth(i);
  const bubble = (where: Locator, text: string) => where.locator('chat-room .bubble', { hasText: text });

  it('lets alice start a chat and bob answer', async () => {
    await page.goto(server.url);
    const alice = pane(0);
    const bob = pane(1);
    // Both panes signed in and connected (Start asks the server at once; before the connection
    // is up it says "Not connected", as a person clicking that early would see).
    await page.waitForFunction("[...document.querySelectorAll('chat-client')].every((c) => c.client?.state === 'online')");
    await alice.getByRole('button', { name: 'Start' }).click();
    await alice
      .locator('chat-room textarea')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        // Say what the page says instead, so a failure explains itself.
        const said = await alice.locator('form.start output').textContent();
        const room = await alice.locator('chat-room').evaluate((element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim());
        throw new Error(`no composer after Start; the form says "${said}", the room "${room}"`, { cause: error });
      });
    await alice.locator('chat-room textarea').fill('hello bob');
    await alice.locator('chat-room textarea').press('Enter');
    await bubble(alice, 'hello bob').waitFor();
    await alice.locator('chat-room .message.mine .status', { hasText: 'Sent' }).waitFor();

    // Bob's list shows the conversation with an unread count; opening it shows the message.
    const bobItem = bob.locator('chat-list li[role="option"]', { hasText: 'alice' });
    await bobItem.locator('.badge', { hasText: '1' }).waitFor();
    await bobItem.click();
    await bubble(bob, 'hello bob').waitFor();
    await bob.locator('chat-room textarea').fill('hi alice\nhow are you?');
    await bob.locator('chat-room button.send').click();
    await bubble(alice, 'how are you?').waitFor();
    assert.deepEqual(errors, []);
  });

  it('keeps the messages across a server restart', async () => {
    await server.stop();
    server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    // A new process gets a new port, so a new origin with an empty browser cache: what shows
    // now came from the restarted server's storage.
    await page.goto(server.url);
    const bob = pane(1);
    await bob.locator('chat-list li[role="option"]', { hasText: 'alice' }).click();
    await bubble(bob, 'hello bob').waitFor();
    await bubble(bob, 'how are you?').waitFor();
    const texts = await bob.locator('chat-room .bubble').allTextContents();
    assert.deepEqual(texts, ['hello bob', 'hi alice\nhow are you?']);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(dataDir, 'after-restart.png') });
  });
});
