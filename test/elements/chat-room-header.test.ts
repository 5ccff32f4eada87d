import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const presenceOf = (room: ChatRoom) => room.shadowRoot!.querySelector<HTMLElement>('header .presence');

describe('<chat-room> header: who is there', () => {
  afterEach(closeClients);

  it('says Online when the other person of a 1:1 chat has a connection open', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const chat = await alice.createConversation({ members: [bob.user.id] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${chat.id}></chat-room>`);
    const presence = await until(() => presenceOf(room), 'presence shown');
    expect(presence.textContent).to.equal('Online');
    expect(presence.dataset.online).to.equal('true');
  });

  it('says Offline when they have none, in the reader’s language', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const chat = await alice.createConversation({ members: [uniqueUser('away')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} lang="zh-CN" conversation=${chat.id}></chat-room>`);
    const presence = await until(() => presenceOf(room), 'presence shown');
    expect(presence.textContent).to.equal('离线');
    expect(presence.dataset.online).to.equal('false');
  });

  it('counts the people in a chat room', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const plaza = await alice.createChatRoom({ name: `Plaza ${uniqueUser('p')}` });
    await bob.conversations.join(plaza.id);
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${plaza.id}></chat-room>`);
    await until(() => room.shadowRoot!.querySelector('header .meta')?.textContent === '2 online', 'online count in the header');
    expect(presenceOf(room)).to.equal(null);
  });

  it('shows nothing for a group', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const group = await alice.createConversation({ members: [bob.user.id, uniqueUser('carol')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${group.id}></chat-room>`);
    await until(() => room.shadowRoot!.querySelector('header .meta'), 'member count shown');
    expect(presenceOf(room)).to.equal(null);
  });
});
