import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../support/browser.js';
import { type HostSite, startHostSite, strictPolicy } from '../support/host-site.js';
import { siteRoot } from '../support/site-root.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const snippet = (widget: string, server: string, extra = '') =>
  `<script src="${widget}/dist/parley.iife.js" data-server="${server}" ${extra} async></script>`;

/** A port nothing listens on: the chat server is down. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** What the page stored: cookies, localStorage keys and IndexedDB databases. */
function storedInBrowser(page: Page): Promise<unknown> {
  return page.evaluate(`(async () => ({
    cookie: document.cookie,
    localStorage: Object.keys(localStorage),
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
  }))()`);
}

/** Records CSP violations from the first script on (read back with `violations`). */
async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
}

const violations = (page: Page) => page.evaluate('window.cspViolations');

type StyledElement = { ownerDocument: { defaultView: { getComputedStyle(element: unknown): Record<string, string> } } };
/** One computed style property of the element (this file is type checked without the DOM library). */
const computed = (locator: Locator, property: string) =>
  locator.evaluate((element, name) => (element as StyledElement).ownerDocument.defaultView.getComputedStyle(element)[name], property);

describe('the snippet on another site, under a strict CSP', () => {
  let parley: TestServer;
  let host: HostSite;
  let browser: Browser;
  const site = siteRoot({});
  let downPort = 0;

  before(async () => {
    parley = await startTestServer({ staticRoot: site.root });
    downPort = await deadPort();
    const down = `http://127.0.0.1:${downPort}`;
    host = await startHostSite(
      {
        '/': `<!doctype html><html lang="en"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title><h1>Shop</h1>${snippet(parley.url, parley.url)}`,
        '/hostile.css': '* { color: red !important; } div { display: none; } button { display: none; }',
        '/hostile': `<!doctype html><html lang="en"><link rel="stylesheet" href="/hostile.css"><title>Hostile</title>${snippet(parley.url, parley.url, 'data-accent="#0a7f5a" data-z-index="50" data-position="left"')}`,
        // The widget's files come from this site (a copy or a CDN); the chat server is down.
        '/down': `<!doctype html><html lang="en"><title>Down</title><div>content</div>${snippet('', `http://127.0.0.1:${downPort}`)}`,
      },
      (origin) => strictPolicy(`${origin} ${parley.url}`, `${parley.url} ${down}`),
    );
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS });
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    await parley?.close();
    site.remove();
  });

  it('paints the launcher from a small first chunk, then loads the widget, storing nothing before use, all under the policy', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await watchViolations(page);
    const firstChunk = page.waitForResponse((r) => r.url().endsWith('/dist/parley.iife.js'));
    await page.goto(host.url);
    const body = await (await firstChunk).body();
    assert.ok(gzipSync(body, { level: 9 }).length <= 10 * 1024, `first chunk ${gzipSync(body).length} bytes gzipped`);

    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    assert.ok(await launcher.isVisible());
    assert.deepEqual(await page.evaluate('Object.keys(window.Parley ?? {}).sort()'), ['close', 'consent', 'identify', 'load', 'on', 'open', 'q']);

    // Idle (or hover) brings the full widget; it takes the launcher over in place.
    await launcher.hover();
    await page.locator('support-chat .panel').waitFor({ state: 'attached' }); // drawn by the full widget only
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await page.getByRole('dialog', { name: 'Chat with us' }).waitFor();
    assert.deepEqual(await storedInBrowser(page), { cookie: '', localStorage: [], indexedDB: [] });

    // Nobody is available: the visitor leaves a message. That is using the widget, so from here
    // the visitor is remembered; all of it (token, socket, cache) works under the policy.
    await page.getByRole('button', { name: 'Leave a message' }).click();
    await page.getByLabel('Email').fill('vera@example.com');
    await page.getByLabel('Your question').fill('Do you ship to Norway?');
    await page.getByRole('button', { name: 'Leave a message' }).click();
    await page.getByText('Thank you! We will reply by email.').waitFor();
    const stored = (await storedInBrowser(page)) as { cookie: string; localStorage: string[]; indexedDB: string[] };
    assert.equal(stored.cookie, '');
    assert.deepEqual(stored.localStorage, [`parley:visitor:${parley.url}`]);
    assert.equal(stored.indexedDB.length, 1);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
  });

  it('keeps its look on a page whose CSS is hostile, with the site’s accent, position and z-index', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${host.url}/hostile`);
    const launcher = page.locator('support-chat .launcher');
    await launcher.hover();
    await page.locator('support-chat .panel').waitFor({ state: 'attached' }); // the full widget took over
    const box = (await launcher.boundingBox())!;
    assert.ok(box.width >= 50 && box.height >= 50, 'launcher drawn');
    assert.ok(box.x < 100, 'on the left');
    const widget = page.locator('support-chat');
    assert.equal(await computed(widget, 'zIndex'), '50');
    assert.equal(await computed(launcher, 'backgroundColor'), 'rgb(10, 127, 90)');

    await launcher.click();
    const panel = page.getByRole('dialog', { name: 'Chat with us' });
    await panel.waitFor();
    const greeting = page.locator('support-chat .greeting');
    await greeting.waitFor();
    assert.notEqual(await computed(greeting, 'color'), 'rgb(255, 0, 0)');
    assert.ok(await greeting.isVisible());
    assert.deepEqual(errors, []);
  });

  it('fills a phone’s screen, follows the visual viewport, and keeps fields at 16px so iOS does not zoom', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 700 }, isMobile: true, hasTouch: true })).newPage();
    await page.goto(host.url);
    await page.locator('support-chat .launcher').click();
    const panel = page.getByRole('dialog', { name: 'Chat with us' });
    await panel.waitFor();
    const viewport = await page.evaluate('({ width: visualViewport.width, height: visualViewport.height })');
    const box = (await panel.boundingBox())!;
    assert.deepEqual({ x: box.x, y: box.y, width: box.width, height: box.height }, { x: 0, y: 0, ...(viewport as object) });
    await page.getByRole('button', { name: /Start a conversation|Leave a message/ }).click();
    const field = page.locator('support-chat textarea').first();
    assert.equal(await computed(field, 'fontSize'), '16px');
  });

  it('shows an offline launcher when the chat server is down, without errors in the page', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${host.url}/down`);
    const launcher = page.getByRole('button', { name: 'Chat with us (offline)' });
    await launcher.waitFor();
    await launcher.click();
    await page.locator('support-chat .availability', { hasText: 'not available' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
