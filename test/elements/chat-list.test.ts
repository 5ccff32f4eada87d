import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import type { ChatSelectEvent } from '../../src/elements/events.js';
import { admin, closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const titles = (list: ChatList) => [...list.shadowRoot!.querySelectorAll('li .title')].map((t) => t.textContent);
const items = (list: ChatList) => [...list.shadowRoot!.querySelectorAll<HTMLElement>('li[role="option"]')];

describe('<chat-list>', () => {
  afterEach(closeClients);

  it('shows conversations newest first and moves one to the top when a message arrives', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    // Two named groups (a pair alone would be one unique private chat).
    const first = await alice.createConversation({ members: [bob.user.id, uniqueUser('carol')], name: 'first' });
    // Activity is kept in milliseconds: make sure the two are not created in the same one.
    await new Promise((r) => setTimeout(r, 5));
    await alice.createConversation({ members: [bob.user.id, uniqueUser('dave')], name: 'second' });
    const list = await fixture<ChatList>(html`<chat-list .client=${bob}></chat-list>`);
    await bob.refreshConversations();
    await until(() => titles(list).join() === 'second,first', 'initial order');

    await alice.send(first.id, 'bump');
    await until(() => titles(list).join() === 'first,second', 'reordered after the new message');
    const top = items(list)[0]!;
    // A group's preview names the sender.
    expect(top.querySelector('.preview')!.textContent).to.equal(`${alice.user.name}: bump`);
    expect(top.querySelector('.badge')!.textContent).to.equal('1');
    expect(top.querySelector('time')).to.not.equal(null);
  });

  it('names a private chat after the other person: their id until their name is known', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bobId = uniqueUser('bob');
    await alice.createConversation({ members: [bobId] });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await until(() => titles(list).includes(bobId), 'title is the other member’s id: the server has never seen them');

    const adaName = uniqueUser('Ada Lovelace');
    const ada = await connectClient(adaName);
    await alice.createConversation({ members: [ada.user.id] });
    await until(() => titles(list).includes(adaName), 'title is the other member’s name');
    const row = items(list).find((item) => item.querySelector('.title')!.textContent === adaName)!;
    expect(row.querySelector('.avatar')!.textContent!.trim()).to.equal('AL');
  });

  it('selects with the keyboard, fires chat-select and opens the linked room', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const a = await alice.createConversation({ members: [uniqueUser('bob')], name: 'A' });
    const b = await alice.createConversation({ members: [uniqueUser('carol')], name: 'B' });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <chat-list .client=${alice} for="room"></chat-list>
      <chat-room id="room" .client=${alice}></chat-room>
    </div>`);
    const list = wrapper.querySelector('chat-list')!;
    await until(() => items(list).length === 2, 'two items');
    const selected: string[] = [];
    list.addEventListener('chat-select', (e: ChatSelectEvent) => selected.push(e.conversationId));

    items(list)[0]!.focus();
    items(list)[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    expect(list.shadowRoot!.activeElement).to.equal(items(list)[1]);
    items(list)[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(selected).to.deep.equal([a.id]);
    expect(wrapper.querySelector('chat-room')!.getAttribute('conversation')).to.equal(a.id);
    await list.updateComplete;
    expect(items(list)[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(b.id).to.not.equal(a.id);
  });

  it('shows the picture in a conversation’s avatar attribute over its initials, and the initials when it fails or is not http(s)', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    // A picture the app uploaded through Parley, as a real one would.
    const canvas = new OffscreenCanvas(8, 8);
    canvas.getContext('2d')!.fillRect(0, 0, 8, 8);
    const { id: uploads } = await alice.createConversation({ members: [uniqueUser('dave')] });
    const sent = await alice.sendFile(uploads, new File([await canvas.convertToBlob({ type: 'image/png' })], 'avatar.png', { type: 'image/png' }));
    const picture = new URL(sent.file!.url, alice.server).href;
    const missing = new URL('/no-such-avatar.png', alice.server).href;
    for (const [name, avatar] of [['Pictured', picture], ['Missing', missing], ['Scripted', 'javascript:alert(1)']]) {
      await alice.createConversation({ members: [uniqueUser('bob'), uniqueUser('carol')], name: name!, attributes: { avatar } });
    }
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    const row = (name: string) => items(list).find((item) => item.querySelector('.title')?.textContent === name);
    await until(() => items(list).length === 4 && ['Pictured', 'Missing', 'Scripted'].every(row), 'four conversations, three by name');
    const avatar = (name: string) => row(name)!.querySelector('.avatar')!;
    const img = (name: string) => avatar(name).querySelector('img');

    await until(() => img('Pictured')?.complete && img('Pictured')!.naturalWidth > 0, 'picture loaded');
    expect(img('Pictured')!.hidden).to.equal(false);
    await until(() => img('Missing')?.hidden, 'a picture that fails is hidden');
    expect(img('Scripted')).to.equal(null);
    expect(['Pictured', 'Missing', 'Scripted'].map((name) => avatar(name).textContent!.trim())).to.deep.equal(['PI', 'MI', 'SC']);

    // A 1:1 chat shows the other person's picture, as the site's backend (or their token) gave it.
    const erin = uniqueUser('erin');
    await admin('PUT', `/users/${erin}`, { name: 'Erin Pictured', avatar: picture });
    await alice.createConversation({ members: [erin] });
    await until(() => items(list).some((item) => item.querySelector('.title')!.textContent === 'Erin Pictured'), 'Erin’s chat, by her name');
    await until(() => img('Erin Pictured')?.complete && img('Erin Pictured')!.naturalWidth > 0, 'Erin’s picture loaded');
    expect(img('Erin Pictured')!.getAttribute('src')).to.equal(picture);
  });

  it('focus() puts the keyboard on the selected conversation, or on the first without one', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    await alice.createConversation({ members: [uniqueUser('bob')], name: 'A' });
    await alice.createConversation({ members: [uniqueUser('carol')], name: 'B' });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await until(() => items(list).length === 2, 'two items');
    list.focus();
    expect(list.shadowRoot!.activeElement).to.equal(items(list)[0]);
    items(list)[1]!.click();
    (document.activeElement as HTMLElement | null)?.blur();
    await list.updateComplete;
    list.focus();
    expect(list.shadowRoot!.activeElement).to.equal(items(list)[1]);
  });

  it('gets its client from a surrounding <chat-client>', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    await alice.createConversation({ members: [uniqueUser('bob')], name: 'via context' });
    await import('../../src/elements/chat-client/chat-client-element.js');
    const wrapper = await fixture(html`<chat-client .client=${alice}><chat-list></chat-list></chat-client>`);
    const list = wrapper.querySelector('chat-list')!;
    await until(() => titles(list).includes('via context'), 'rendered through context');
  });
});
