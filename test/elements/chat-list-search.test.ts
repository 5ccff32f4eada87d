import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-list/chat-list.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import { TYPING_MESSAGE_TYPE } from '../../src/elements/chat-room/typing-indicator.js';
import { closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const titles = (list: ChatList) => [...list.shadowRoot!.querySelectorAll('li[role="option"] .title')].map((t) => t.textContent);
const search = (list: ChatList, text: string) => {
  const input = list.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
};
const button = (list: ChatList, selector: string) => list.shadowRoot!.querySelector<HTMLButtonElement>(selector)!;
const scrollToEnd = (list: ChatList) => {
  const ul = list.shadowRoot!.querySelector('ul')!;
  ul.scrollTop = ul.scrollHeight;
  ul.dispatchEvent(new Event('scroll'));
};

describe('<chat-list> search, filters and paging', () => {
  afterEach(closeClients);

  it('searches by name and by member, from the cache and the server', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = uniqueUser('bob');
    const tag = uniqueUser('apollo');
    await alice.createConversation({ members: [bob, uniqueUser('carol')], name: `Project ${tag}` });
    await alice.createConversation({ members: [uniqueUser('dave'), uniqueUser('erin')], name: 'Lunch' });
    await alice.createConversation({ members: [bob] });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await until(() => titles(list).length === 3, 'three conversations');

    search(list, tag);
    await until(() => titles(list).join() === `Project ${tag}`, 'found by name');
    search(list, bob);
    await until(() => titles(list).length === 2 && !titles(list).includes('Lunch'), 'found by member');
    search(list, 'nothing-like-this');
    await until(() => list.shadowRoot!.querySelector('.empty')?.textContent === 'No conversations match.', 'no match');
    search(list, '');
    await until(() => titles(list).length === 3, 'all again');

    // Chat rooms the user is not in are only on the server.
    const carol = await connectClient(uniqueUser('carol'));
    const room = `Room ${uniqueUser('r')}`;
    await carol.createChatRoom({ name: room });
    const kind = list.shadowRoot!.querySelector('select')!;
    kind.value = 'transient';
    kind.dispatchEvent(new Event('change'));
    search(list, room);
    await until(() => titles(list).join() === room, 'room found on the server');
  });

  it('finds a private chat by the other person’s name', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const surname = uniqueUser('Lovelace');
    const ada = await connectClient(`Ada ${surname}`);
    await alice.createConversation({ members: [ada.user.id] });
    await alice.createConversation({ members: [uniqueUser('bob')], name: 'Lunch' });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await until(() => titles(list).includes(`Ada ${surname}`), 'Ada’s name known');

    search(list, surname.toUpperCase());
    await until(() => titles(list).join() === `Ada ${surname}`, 'found by her name, whatever the case');
  });

  it('searches the cache alone while offline', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const tag = uniqueUser('offline');
    await alice.createConversation({ members: [uniqueUser('b'), uniqueUser('c')], name: `Notes ${tag}` });
    await alice.createConversation({ members: [uniqueUser('d'), uniqueUser('e')], name: 'Other' });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await until(() => titles(list).length === 2, 'both listed');
    alice.disconnect();
    await until(() => alice.state === 'offline', 'offline');
    search(list, tag);
    await until(() => titles(list).join() === `Notes ${tag}`, 'found in the cache');
    await until(() => !list.shadowRoot!.querySelector('.loading'), 'not stuck loading');
  });

  it('shows who is typing in place of the last message, until their message arrives', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await bob.createConversation({ members: [alice.user.id, uniqueUser('c')], name: 'typing' });
    await bob.send(conversation.id, 'first');
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    const preview = () => list.shadowRoot!.querySelector('li[role="option"] .preview')?.textContent;
    await until(() => preview() === `${bob.user.name}: first`, 'last message shown, after its sender');
    await bob.sendTransient(conversation.id, { type: TYPING_MESSAGE_TYPE, fields: { typing: true } });
    await until(() => preview() === `${bob.user.name} is typing…`, 'typing shown');
    await bob.send(conversation.id, 'second');
    await until(() => preview() === `${bob.user.name}: second`, 'typing replaced by the message');
  });

  it('filters unread, mentions and kind, and flags the mention', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const mentioned = await bob.createConversation({ members: [alice.user.id, uniqueUser('x')], name: 'mentioned' });
    const plain = await bob.createConversation({ members: [alice.user.id, uniqueUser('y')], name: 'plain' });
    await bob.createConversation({ members: [alice.user.id, uniqueUser('z')], name: 'quiet' });
    await alice.createChatRoom({ name: `Lobby ${uniqueUser('l')}` });
    await bob.send(mentioned.id, { type: -1, text: `@${alice.user.id} look`, mentionList: [alice.user.id] });
    await bob.send(plain.id, 'hello');
    await alice.refreshConversations();
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await until(() => titles(list).length === 4, 'four conversations');

    button(list, 'button.filter.unread').click();
    await until(() => titles(list).sort().join() === 'mentioned,plain', 'unread only');
    expect(button(list, 'button.filter.unread').getAttribute('aria-pressed')).to.equal('true');
    button(list, 'button.filter.mentions').click();
    await until(() => titles(list).join() === 'mentioned', 'mentions only');
    const badge = list.shadowRoot!.querySelector('li [part~="mention"]')!;
    expect(badge.getAttribute('aria-label')).to.equal('1 unread, you were mentioned');
    button(list, 'button.filter.unread').click();
    button(list, 'button.filter.mentions').click();
    await until(() => titles(list).length === 4, 'filters off');

    const kind = list.shadowRoot!.querySelector('select')!;
    kind.value = 'transient';
    kind.dispatchEvent(new Event('change'));
    await until(() => titles(list).length === 1 && titles(list)[0]!.startsWith('Lobby'), 'chat rooms only');
  });

  it('loads more conversations as it is scrolled, then the server pages by cursor', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    for (let i = 0; i < 25; i++) await alice.createConversation({ members: [uniqueUser('p')], name: `c${i}` });
    const list = await fixture<ChatList>(html`<chat-list style="height: 300px" page-size="10" .client=${alice}></chat-list>`);
    await until(() => titles(list).length === 10, 'first page');
    // The rows shown stay on screen while more load: the list never empties in between.
    let fewest = Infinity;
    const watcher = new MutationObserver(() => (fewest = Math.min(fewest, titles(list).length)));
    watcher.observe(list.shadowRoot!, { childList: true, subtree: true });
    scrollToEnd(list);
    await until(() => titles(list).length > 10, 'more after scrolling', 10_000);
    await until(
      () => {
        scrollToEnd(list);
        return titles(list).length === 25;
      },
      'everything',
      10_000,
    );
    watcher.disconnect();
    expect(fewest, 'rows shown at the fewest while loading more').to.be.at.least(10);
    expect(titles(list)[0]).to.equal('c24');
    expect(titles(list)[24]).to.equal('c0');

    // Search results page through the server: rooms of someone else, not in this cache.
    const carol = await connectClient(uniqueUser('carol'));
    const tag = uniqueUser('hall');
    for (let i = 0; i < 12; i++) await carol.createChatRoom({ name: `${tag} ${i}` });
    const kind = list.shadowRoot!.querySelector('select')!;
    kind.value = 'transient';
    kind.dispatchEvent(new Event('change'));
    search(list, tag);
    await until(() => titles(list).length === 10, 'first server page');
    await until(
      () => {
        scrollToEnd(list);
        return titles(list).length === 12;
      },
      'next server page by cursor',
      10_000,
    );
  });
});
