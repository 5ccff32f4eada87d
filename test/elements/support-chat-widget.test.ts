import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/support-chat/support-chat.js';
import type { SupportChat } from '../../src/elements/support-chat/support-chat.js';
import { createParleyApi, replayQueue } from '../../src/loader/parley-api.js';
import { closeClients, connectClient, serverUrl, tokenFor, uniqueUser, until } from '../web-support/parley.js';

describe('<support-chat> visitor experience', () => {
  afterEach(closeClients);

  it('tells a visitor with the panel closed about a reply: tab title and event, cleared on opening', async () => {
    const agent = await connectClient(uniqueUser('agent'));
    const visitorId = uniqueUser('visitor');
    const conversation = await agent.createConversation({ members: [visitorId] });
    const widget = await fixture<SupportChat>(
      html`<support-chat server=${await serverUrl()} token=${await tokenFor(visitorId)} conversation=${conversation.id}></support-chat>`,
    );
    const pageTitle = document.title;
    const replies: unknown[] = [];
    widget.addEventListener('support-message', (e) => replies.push((e as CustomEvent).detail));
    const unread: number[] = [];
    widget.addEventListener('support-unread', (e) => unread.push((e as CustomEvent<{ count: number }>).detail.count));
    await until(() => (widget as unknown as { chat?: { state: string } }).chat?.state === 'online', 'visitor online');

    await agent.send(conversation.id, 'We are here');
    await until(() => document.title.startsWith('(1) New message'), 'title shows the reply');
    expect(replies).to.have.length(1);
    await until(() => unread.includes(1), 'unread event');

    widget.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!.click();
    await widget.updateComplete;
    expect(document.title).to.equal(pageTitle);
    widget.remove();
  });

  it('pops a proactive greeting after the delay; it opens the panel, and Escape returns focus to the launcher', async () => {
    const widget = await fixture<SupportChat>(html`<support-chat greeting="Need a hand?" greeting-delay="0.05"></support-chat>`);
    const root = widget.shadowRoot!;
    const bubble = await until(() => root.querySelector<HTMLButtonElement>('.proactive-text'), 'greeting bubble');
    expect(bubble.textContent).to.equal('Need a hand?');
    bubble.click();
    await widget.updateComplete;
    expect(widget.open).to.equal(true);
    expect(root.querySelector('.proactive')).to.equal(null);
    expect(root.querySelector('.greeting')!.textContent).to.equal('Need a hand?');

    root.querySelector('.panel')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await until(() => root.activeElement === root.querySelector('.launcher'), 'focus back on the launcher');
    expect(widget.open).to.equal(false);
  });

  it('does not greet on pages outside greeting-pages', async () => {
    const widget = await fixture<SupportChat>(html`<support-chat greeting-delay="0.01" greeting-pages="/pricing,/checkout"></support-chat>`);
    await new Promise((r) => setTimeout(r, 100));
    await widget.updateComplete;
    expect(widget.shadowRoot!.querySelector('.proactive')).to.equal(null);
  });

  it('speaks Simplified Chinese and mirrors for right-to-left pages', async () => {
    const widget = await fixture<SupportChat>(html`<support-chat lang="zh-CN" dir="rtl" greeting="x"></support-chat>`);
    const launcher = widget.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!;
    expect(launcher.getAttribute('aria-label')).to.equal('联系我们');
    // Logical properties: in RTL the launcher sits at the left edge.
    expect(launcher.getBoundingClientRect().left).to.be.lessThan(window.innerWidth / 2);
  });

  it('identify() signs the visitor in as the site’s user, whose conversations it then shows', async () => {
    const agent = await connectClient(uniqueUser('agent'));
    const userId = uniqueUser('customer');
    const conversation = await agent.createConversation({ members: [userId] });
    await agent.send(conversation.id, 'Your order shipped');
    const widget = await fixture<SupportChat>(html`<support-chat server=${await serverUrl()}></support-chat>`);
    widget.identify({ token: await tokenFor(userId) });
    const root = widget.shadowRoot!;
    await until(() => root.querySelector('.badge')?.textContent === '1', 'the user’s unread reply on the launcher');
    widget.remove();
  });

  it('runs the page’s queued calls through window.Parley once the widget is there', async () => {
    const widget = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    const opened: unknown[] = [];
    const api = createParleyApi(() => [widget], () => import('../../src/index.js'));
    api.on('open', (detail) => opened.push(detail));
    replayQueue(api, [['open'], ['no-such-call'], 'garbage']);
    await until(() => widget.open, 'opened by the queued call');
    expect(opened).to.have.length(1);
    api.close();
    await until(() => !widget.open, 'closed');
  });
});
