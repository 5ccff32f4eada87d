import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/** The README links this folder; every run of the end-to-end suite draws it anew. */
const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const PNG_SIGNATURE = '89504e470d0a1a0a';

/** A realistic group chat, written through each pane's own client. */
const SEED = `(async () => {
  const [alice, bob] = [...document.querySelectorAll('chat-client')].map((p) => p.client);
  // Carol and Dave have used the chat before, so the server knows their names.
  for (const name of ['Carol', 'Dave']) {
    const response = await fetch('/api/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    const other = await alice.constructor.connect({ server: location.origin, token: (await response.json()).token });
    await new Promise((resolve) => other.state === 'online' ? resolve() : other.addEventListener('statechange', () => other.state === 'online' && resolve()));
    await other.close({ clear: true });
  }
  const group = await alice.createConversation({ members: ['bob', 'carol', 'dave'], name: 'Design review', attributes: { project: 'Parley' } });
  await alice.createConversation({ members: ['carol'] });
  await alice.createConversation({ members: ['dave', 'bob'], name: 'Release train' });
  await alice.send(group.id, 'Morning! The new mock-ups are in https://example.com/mockups');
  await bob.send(group.id, 'Thanks, looking now. The list looks much calmer.');
  await bob.send(group.id, { type: -1, text: '@alice can we keep the unread badge red?', mentionList: ['alice'] });
  await alice.send(group.id, 'Yes, it reads well in both themes.');
  return group.id;
})()`;

describe('demo screenshots, light and dark, desktop and phone', () => {
  let browser: Browser;
  let server: ServerProcess;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-shots-'));
  const errors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => errors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const setTheme = async (theme: 'light' | 'dark') => {
    await page.locator('form.look select[name="theme"]').selectOption(theme);
    await page.waitForFunction(`[...document.querySelectorAll('chat-list, chat-room')].every((e) => e.getAttribute('theme') === '${theme}')`);
  };

  /** axe-core over the whole demo page, shadow roots included: the ids of the rules it breaks. */
  const axeViolations = async () => {
    await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
    return page.evaluate<string[]>(`axe.run(document).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
  };

  /** Nothing sticks out sideways: the page scrolls only vertically. */
  const fitsWidth = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

  it('draws the demo at 1280 and 375 px in both themes, with no axe violations, and fits 360 px', async () => {
    await page.goto(server.url);
    await page.waitForFunction("[...document.querySelectorAll('chat-client')].every((c) => c.client?.state === 'online')");
    const cid = await page.evaluate(SEED);
    for (const pane of [page.locator('.pane').nth(0), page.locator('.pane').nth(1)]) {
      await pane.locator('chat-list li[role="option"]', { hasText: 'Design review' }).click();
      await pane.locator('chat-room .bubble', { hasText: 'both themes' }).waitFor();
    }
    assert.ok(cid);

    for (const [width, height] of [
      [1280, 800],
      [375, 812],
    ] as const) {
      await page.setViewportSize({ width, height });
      assert.equal(await fitsWidth(), true, `no sideways scrolling at ${width} px`);
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(theme);
        const path = join(SHOTS, `demo-${theme}-${width}.png`);
        await page.screenshot({ path });
        assert.equal(readFileSync(path).subarray(0, 8).toString('hex'), PNG_SIGNATURE);
        assert.deepEqual(await axeViolations(), [], `axe on the demo, ${theme}, ${width} px`);
      }
    }
    // The new-conversation dialog, a person chosen and another suggested by name.
    await page.setViewportSize({ width: 1280, height: 800 });
    await setTheme('light');
    const list = page.locator('.pane').nth(0).locator('chat-list');
    await list.locator('button.create').click();
    await page.keyboard.type('car');
    await list.locator('dialog.create [role="option"]', { hasText: 'Carol' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('d');
    await list.locator('dialog.create [role="option"]', { hasText: 'Dave' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'new-conversation-light-1280.png') });
    assert.deepEqual(await axeViolations(), [], 'axe on the new-conversation dialog');
    await page.keyboard.press('Escape'); // the suggestions
    await page.keyboard.press('Escape'); // the dialog
    await list.locator('dialog.create').waitFor({ state: 'hidden' });

    await page.setViewportSize({ width: 360, height: 740 });
    assert.equal(await fitsWidth(), true, 'no sideways scrolling at 360 px');

    // A phone shows the list or the conversation chosen from it; the room's back button returns.
    const pane = page.locator('.pane').nth(0);
    assert.equal(await pane.locator('chat-list').isVisible(), false, 'the open conversation covers the list');
    await pane.locator('chat-room .back').click();
    await pane.locator('chat-list').waitFor();
    assert.equal(await pane.locator('chat-room').isVisible(), false, 'back to the list alone');
    const focused = await pane.locator('chat-list').evaluate((list) => list.shadowRoot?.activeElement?.textContent ?? '');
    assert.match(focused, /Design review/, 'the keyboard is back on the conversation just left');
    await pane.locator('chat-list li[role="option"]', { hasText: 'Design review' }).click();
    await pane.locator('chat-room .bubble', { hasText: 'both themes' }).waitFor();
    assert.equal(await pane.locator('chat-list').isVisible(), false);
    // Leaving the conversation closes the room: the list comes back.
    await pane.locator('chat-room button.info').click();
    await pane.locator('chat-room .info-panel button', { hasText: 'Leave conversation' }).click();
    await pane.locator('chat-list').waitFor();
    assert.equal(await pane.locator('chat-room').isVisible(), false);
    assert.deepEqual(errors, []);
  });
});
