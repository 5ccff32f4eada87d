import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import '../../src/elements/support-chat/support-chat.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import type { SupportChat } from '../../src/elements/support-chat/support-chat.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const background = (element: Element) => getComputedStyle(element).backgroundColor;

/** A group with messages from both sides, one of them mentioning the reader. */
async function busyConversation(): Promise<{ alice: ChatClient; bob: ChatClient; cid: string }> {
  const alice = await connectClient(uniqueUser('alice'));
  const bob = await connectClient(uniqueUser('bob'));
  const conversation = await alice.createConversation({ name: 'Design review', members: [bob.user.id, uniqueUser('carol')] });
  await alice.send(conversation.id, 'Morning! The mock-ups are in https://example.com/mockups');
  await bob.send(conversation.id, 'Thanks, looking now');
  await alice.send(conversation.id, 'Great');
  return { alice, bob, cid: conversation.id };
}

describe('theming and accessibility', () => {
  afterEach(closeClients);

  it('switches palettes with theme="light|dark|auto" and lets the page override tokens', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation="x"></chat-room>`);
    const light = background(room);
    room.theme = 'dark';
    await room.updateComplete;
    expect(room.getAttribute('theme')).to.equal('dark');
    const dark = background(room);
    expect(dark).to.not.equal(light);
    room.theme = 'auto';
    await room.updateComplete;
    const systemDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    expect(background(room)).to.equal(systemDark ? dark : light);
    room.style.setProperty('--chat-background', 'rgb(1, 2, 3)');
    expect(background(room)).to.equal('rgb(1, 2, 3)');
  });

  it('exposes its main pieces as parts', async () => {
    const { alice, cid } = await busyConversation();
    const style = document.createElement('style');
    style.textContent = 'chat-room.parted::part(bubble) { outline: 3px solid rgb(9, 8, 7); }';
    document.head.append(style);
    try {
      const room = await fixture<ChatRoom>(html`<chat-room class="parted" .client=${alice} conversation=${cid}></chat-room>`);
      const bubble = await until(() => room.shadowRoot!.querySelector('[part="bubble"]'), 'a bubble');
      expect(getComputedStyle(bubble).outlineColor).to.equal('rgb(9, 8, 7)');
      for (const part of ['header', 'log', 'message', 'composer', 'send']) {
        expect(room.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.not.equal(null);
      }
    } finally {
      style.remove();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`<chat-list> has no axe violations (${theme})`, async () => {
      const { alice, cid } = await busyConversation();
      await alice.createConversation({ members: [uniqueUser('dave')] });
      const list = await fixture<ChatList>(html`<chat-list theme=${theme} selected=${cid} .client=${alice}></chat-list>`);
      await until(() => list.shadowRoot!.querySelectorAll('[role="option"]').length === 2, 'two conversations');
      await expect(list).to.be.accessible();
    });

    it(`<chat-room> with messages has no axe violations (${theme})`, async () => {
      const { bob, cid } = await busyConversation();
      const room = await fixture<ChatRoom>(html`<chat-room theme=${theme} .client=${bob} conversation=${cid}></chat-room>`);
      await until(() => room.shadowRoot!.querySelectorAll('.message').length === 3, 'three messages');
      await until(() => room.shadowRoot!.querySelector('.message.mine .status'), 'own message status');
      await expect(room).to.be.accessible();
    });

    it(`open <support-chat> has no axe violations (${theme})`, async () => {
      const { bob, cid } = await busyConversation();
      const chat = await fixture<SupportChat>(html`<support-chat theme=${theme} open .client=${bob} conversation=${cid}></support-chat>`);
      const room = await until(() => chat.shadowRoot!.querySelector('chat-room'), 'room in panel');
      await until(() => room.shadowRoot!.querySelectorAll('.message').length === 3, 'three messages');
      await expect(chat).to.be.accessible();
    });
  }
});
