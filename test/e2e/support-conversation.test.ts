import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../support/browser.js';
import { siteRoot } from '../support/site-root.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MASTER_KEY = 'support-e2e-master-key-0123456789abcdef';
const demoFile = (name: string) => readFileSync(new URL(`../../demo/${name}`, import.meta.url), 'utf8');

// The shop has only the snippet; the agent console is the real demo/agent.html.
const PAGES = {
  'shop.html': '<!doctype html><html lang="en"><title>Shop</title><h1>Shop</h1><script src="/dist/parley.iife.js" data-server="/" async></script>',
  'agent.html': demoFile('agent.html'),
  'agent.js': demoFile('agent.js'),
  'agent.css': demoFile('agent.css'),
};

describe('customer service end to end: visitor on a site, agents in the console', () => {
  let server: TestServer;
  let browser: Browser;
  const site = siteRoot(PAGES);
  const errors: string[] = [];
  let visitorContext: BrowserContext;
  let visitor: Page;
  let ann: Page;
  let bob: Page;

  const admin = async (path: string) => {
    const response = await fetch(`${server.url}/api/admin/support${path}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    return response.json() as Promise<Record<string, unknown[]>>;
  };
  const watch = (page: Page) => page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));

  async function signIn(name: string, departments: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    watch(page);
    await page.goto(`${server.url}/demo/agent.html`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Departments').fill(departments);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#me', { hasText: name }).waitFor();
    return page;
  }

  before(async () => {
    server = await startTestServer({
      staticRoot: site.root,
      masterKey: MASTER_KEY,
      support: {
        departments: [{ id: 'general', name: 'General' }, { id: 'billing', name: 'Billing' }],
        defaultDepartment: 'general',
        maxOpenPerAgent: 1,
      },
    });
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    site.remove();
  });

  it('routes the visitor’s first message to the agent of the department they picked', async () => {
    ann = await signIn('Ann', 'general');
    bob = await signIn('Bob', 'billing');
    visitorContext = await browser.newContext();
    visitor = await visitorContext.newPage();
    visitor.setDefaultTimeout(10_000);
    watch(visitor);
    await visitor.goto(`${server.url}/demo/shop.html`);
    await visitor.locator('support-chat .launcher.online').click();
    await visitor.getByRole('button', { name: 'Start a conversation' }).click();
    await visitor.getByLabel('Name').fill('Vera');
    await visitor.getByLabel('Department').selectOption('billing');
    await visitor.getByLabel('Your question').fill('Where is my invoice?');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.locator('support-chat chat-room .bubble', { hasText: 'Where is my invoice?' }).waitFor();

    // Bob serves billing: the conversation is his, with who the visitor is and where they were.
    await bob.locator('#room-slot chat-room .bubble', { hasText: 'Where is my invoice?' }).waitFor();
    const info = bob.locator('#visitor-info');
    await info.locator('dd', { hasText: 'Vera' }).first().waitFor();
    assert.match(await info.textContent() ?? '', /shop\.html/);
    assert.match(await info.textContent() ?? '', /Chrome/);
    await visitor.locator('support-chat .ticket-banner', { hasText: 'Bob is answering you.' }).waitFor();
    assert.equal(await ann.locator('#room-slot chat-room .bubble').count(), 0);
  });

  it('tells the visitor about a reply while the panel is closed, and shows it on opening', async () => {
    await visitor.keyboard.press('Escape');
    await bob.locator('#room-slot chat-room textarea').fill('Let me check that for you.');
    await bob.locator('#room-slot chat-room textarea').press('Enter');
    await visitor.locator('support-chat .launcher .badge', { hasText: '1' }).waitFor();
    await visitor.waitForFunction("document.title.startsWith('(1) New message')");
    await visitor.locator('support-chat .launcher').click();
    await visitor.locator('support-chat chat-room .bubble', { hasText: 'Let me check that for you.' }).waitFor();
    assert.equal(await visitor.title(), 'Shop');
  });

  it('follows a transfer, then the close, and stores the visitor’s rating', async () => {
    await bob.locator('#transfer select').selectOption('ann');
    await bob.getByRole('button', { name: 'Transfer' }).click();
    await ann.locator('#room-slot chat-room .bubble', { hasText: 'Bob transferred the conversation to Ann' }).waitFor();
    await ann.locator('#room-slot chat-room .bubble', { hasText: 'Where is my invoice?' }).waitFor();
    await visitor.locator('support-chat .ticket-banner', { hasText: 'Ann is answering you.' }).waitFor();
    await ann.getByRole('button', { name: 'Is there anything else I can help you with?' }).click();
    await visitor.locator('support-chat chat-room .bubble', { hasText: 'anything else' }).waitFor();

    await ann.getByRole('button', { name: 'Close conversation' }).click();
    await visitor.locator('support-chat .ticket-banner', { hasText: 'This conversation has ended.' }).waitFor();
    await visitor.locator('support-chat .star', { hasText: '4 of 5' }).click();
    await visitor.getByLabel('Comment (optional)').fill('Quick and kind');
    await visitor.getByRole('button', { name: 'Send rating' }).click();
    await visitor.getByText('Thank you for your feedback.').waitFor();
    const { records } = await admin('/reports');
    assert.deepEqual(
      records!.map((r) => (r as { rating?: unknown }).rating),
      [{ score: 4, comment: 'Quick and kind' }],
    );
  });

  it('queues a visitor while the department’s agent is busy, until the agent takes them', async () => {
    const start = async (question: string) => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(10_000);
      watch(page);
      await page.goto(`${server.url}/demo/shop.html`);
      await page.locator('support-chat .launcher.online').click();
      await page.getByRole('button', { name: 'Start a conversation' }).click();
      await page.getByLabel('Department').selectOption('billing');
      await page.getByLabel('Your question').fill(question);
      await page.getByRole('button', { name: 'Start chat' }).click();
      return page;
    };
    const first = await start('First in line');
    await first.locator('support-chat .ticket-banner', { hasText: 'Bob is answering you.' }).waitFor();
    // Bob has as many as he may: the next billing visitor waits, and sees where they are.
    const second = await start('Second in line');
    await second.locator('support-chat .ticket-banner', { hasText: 'You are number 1 in the queue.' }).waitFor();
    const queued = bob.locator('#queue li', { hasText: 'billing' });
    await queued.waitFor();
    assert.equal(await ann.locator('#queue li').count(), 0); // Ann does not serve billing
    await queued.getByRole('button', { name: 'Take' }).click();
    await second.locator('support-chat .ticket-banner', { hasText: 'Bob is answering you.' }).waitFor();
    await bob.locator('#room-slot chat-room .bubble', { hasText: 'Second in line' }).waitFor();
    await bob.locator('#queue li').first().waitFor({ state: 'detached' });
  });

  it('keeps the visitor’s conversation across a reload', async () => {
    await visitor.reload();
    await visitor.locator('support-chat .launcher').click();
    await visitor.getByRole('button', { name: /Conversation with Ann/ }).click();
    await visitor.locator('support-chat chat-room .bubble', { hasText: 'Let me check that for you.' }).waitFor();
  });

  it('offers the offline form when no agent is available, and stores the message', async () => {
    for (const agent of [ann, bob]) await agent.locator('#presence select').selectOption('away');
    const page = await (await browser.newContext()).newPage();
    watch(page);
    await page.goto(`${server.url}/demo/shop.html`);
    await page.locator('support-chat .launcher:not(.online)').waitFor();
    await page.locator('support-chat .launcher').click();
    await page.getByRole('button', { name: 'Leave a message' }).click();
    await page.getByLabel('Email').fill('vera@example.com');
    await page.getByLabel('Your question').fill('Please call me back.');
    await page.getByRole('button', { name: 'Leave a message' }).click();
    await page.getByText('Thank you! We will reply by email.').waitFor();
    const { messages } = await admin('/offline-messages');
    assert.deepEqual(
      messages!.map((m) => [(m as { email: string }).email, (m as { text: string }).text]),
      [['vera@example.com', 'Please call me back.']],
    );
    assert.deepEqual(errors, []);
  });
});
