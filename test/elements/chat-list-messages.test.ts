import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-list/chat-list.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import { MessageType } from '../../src/protocol/limits.js';
import { closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const item = (list: ChatList) => list.shadowRoot!.querySelector<HTMLElement>('li[role="option"]');

describe('<chat-list> with rich messages', () => {
  afterEach(closeClients);

  it('flags an unread @mention on the badge until the conversation is read', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id, uniqueUser('carol')], name: 'team' });
    const list = await fixture<ChatList>(html`<chat-list .client=${bob}></chat-list>`);
    await bob.refreshConversations();
    await alice.send(conversation.id, { type: -1, text: `@${bob.user.id} ping`, mentionList: [bob.user.id] });
    const badge = await until(() => item(list)?.querySelector('.badge.mentioned'), 'mention badge');
    expect(badge.textContent).to.equal('@ 1');
    expect(badge.getAttribute('aria-label')).to.equal('1 unread, you were mentioned');
    await bob.markRead(conversation.id);
    await until(() => !item(list)?.querySelector('.badge'), 'badge cleared');
  });

  it('previews non-text messages by their kind, never as markup', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await alice.send(conversation.id, { type: MessageType.LOCATION, location: { latitude: 1, longitude: 2, label: '<b>Home</b>' } });
    const preview = () => item(list)?.querySelector('.preview');
    await until(() => preview()?.textContent === 'You: [Location] <b>Home</b>', `location preview (shown: ${preview()?.textContent})`, 10_000);
    expect(preview()!.querySelector('b')).to.equal(null);
  });
});
