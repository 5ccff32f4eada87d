import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/support-chat/support-chat.js';
import type { SupportChat } from '../../src/elements/support-chat/support-chat.js';
import { closeClients, connectClient, serverUrl, tokenFor, uniqueUser, until } from '../web-support/parley.js';

describe('<support-chat>', () => {
  afterEach(closeClients);

  it('connects by itself, badges unread messages on the launcher and opens the conversation', async () => {
    const agent = await connectClient(uniqueUser('agent'));
    const visitorId = uniqueUser('visitor');
    const conversation = await agent.createConversation({ members: [visitorId] });
    const widget = await fixture<SupportChat>(
      html`<support-chat server=${await serverUrl()} token=${await tokenFor(visitorId)} conversation=${conversation.id}></support-chat>`,
    );
    const root = widget.shadowRoot!;
    const launcher = root.querySelector<HTMLButtonElement>('.launcher')!;
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(root.querySelector<HTMLElement>('.panel')!.hidden).to.equal(true);

    await agent.send(conversation.id, 'Hello! How can we help?');
    await until(() => root.querySelector('.badge')?.textContent === '1', 'unread badge');
    expect(launcher.getAttribute('aria-label')).to.contain('1 unread');

    launcher.click();
    await widget.updateComplete;
    expect(root.querySelector<HTMLElement>('.panel')!.hidden).to.equal(false);
    const room = root.querySelector('chat-room')!;
    await until(() => room.shadowRoot?.querySelector('.bubble')?.textContent === 'Hello! How can we help?', 'message shown');
    // Seen in the open panel: the badge goes away.
    await until(() => !root.querySelector('.badge'), 'badge cleared');

    root.querySelector('.panel')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await widget.updateComplete;
    expect(widget.open).to.equal(false);
    widget.remove();
  });
});
