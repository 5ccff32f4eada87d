import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import type { ChatSelectEvent } from '../../src/elements/events.js';
import { closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const root = (list: ChatList) => list.shadowRoot!;
const titles = (list: ChatList) => [...root(list).querySelectorAll('li[role="option"] .title')].map((t) => t.textContent);

describe('<chat-list> actions', () => {
  afterEach(closeClients);

  it('creates a conversation from a modal dialog and selects it', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = uniqueUser('bob');
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    const selected: string[] = [];
    list.addEventListener('chat-select', (e: ChatSelectEvent) => selected.push(e.conversationId));

    const open = root(list).querySelector<HTMLButtonElement>('button.create')!;
    expect(open.textContent!.trim()).to.equal('+New conversation');
    open.click();
    const dialog = root(list).querySelector<HTMLDialogElement>('dialog.create')!;
    expect(dialog.open).to.equal(true);
    // The modal takes the focus: the first field, labelled.
    const members = root(list).activeElement as HTMLInputElement;
    expect(members.name).to.equal('members');
    expect(members.closest('label')!.textContent).to.contain('Members');

    // A bad member id: the server's typed error is shown and nothing is made.
    members.value = 'not valid!';
    dialog.querySelector('form')!.requestSubmit();
    const alert = await until(() => dialog.querySelector('[role="alert"]'), 'error shown');
    expect(alert.textContent).to.contain('INVALID');
    expect(dialog.open).to.equal(true);
    expect(titles(list)).to.deep.equal([]);

    members.value = bob;
    dialog.querySelector<HTMLInputElement>('input[name="name"]')!.value = 'Planning';
    dialog.querySelector('form')!.requestSubmit();
    await until(() => !dialog.open, 'dialog closed');
    await until(() => titles(list).join() === 'Planning', 'listed');
    expect(selected).to.have.length(1);
    expect(list.selected).to.equal(selected[0]);
  });

  it('takes members by the names it shows, as well as by id', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const adaName = uniqueUser('Ada Lovelace');
    const ada = await connectClient(adaName);
    const bob = uniqueUser('bob');
    await alice.createConversation({ members: [ada.user.id] });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    await until(() => titles(list).includes(adaName), 'Ada known by name');

    root(list).querySelector<HTMLButtonElement>('button.create')!.click();
    const dialog = root(list).querySelector<HTMLDialogElement>('dialog.create')!;
    dialog.querySelector<HTMLInputElement>('input[name="members"]')!.value = ` ${adaName.toUpperCase()} , ${bob}`;
    dialog.querySelector<HTMLInputElement>('input[name="name"]')!.value = 'Trio';
    dialog.querySelector('form')!.requestSubmit();
    await until(() => !dialog.open, 'dialog closed');
    const trio = (await alice.getQuery().contains('name', 'Trio').find())[0]!;
    expect([...trio.members].sort()).to.deep.equal([alice.user.id, ada.user.id, bob].sort());
  });

  it('finds a chat room on the server and joins it', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const carol = await connectClient(uniqueUser('carol'));
    const name = `Hall ${uniqueUser('h')}`;
    const room = await carol.createChatRoom({ name });
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);

    root(list).querySelector<HTMLButtonElement>('button.join')!.click();
    const dialog = root(list).querySelector<HTMLDialogElement>('dialog.join')!;
    expect(dialog.open).to.equal(true);
    const search = dialog.querySelector<HTMLInputElement>('input[name="room"]')!;
    search.value = name;
    dialog.querySelector('form')!.requestSubmit();
    const join = await until(
      () => [...dialog.querySelectorAll<HTMLButtonElement>('.rooms button')].find((b) => b.getAttribute('aria-label') === `Join ${name}`),
      'room listed',
    );
    join.click();
    await until(() => !dialog.open, 'dialog closed');
    expect(list.selected).to.equal(room.id);
    expect(alice.conversations.currentChatRoom).to.equal(room.id);
    await until(() => titles(list).includes(name), 'joined room listed');
  });

  it('speaks Simplified Chinese with lang="zh-CN"', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="zh-CN">
      <chat-list .client=${alice}></chat-list>
      <chat-room .client=${alice} conversation=${(await alice.createConversation({ members: [uniqueUser('b'), uniqueUser('c')], name: '小组' })).id}></chat-room>
    </div>`);
    const list = wrapper.querySelector('chat-list')!;
    const room = wrapper.querySelector('chat-room')!;
    expect(root(list).querySelector('input[type="search"]')!.getAttribute('aria-label')).to.equal('搜索会话');
    expect(root(list).querySelector('button.filter.unread')!.textContent!.trim()).to.equal('未读');
    expect(root(list).querySelector('button.create')!.textContent!.trim()).to.equal('+新建会话');
    const info = await until(() => room.shadowRoot!.querySelector('header button.info'), 'info button');
    expect(info.getAttribute('aria-label')).to.equal('会话信息');
  });

  it('closes a dialog with Escape and its Cancel button', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    root(list).querySelector<HTMLButtonElement>('button.create')!.click();
    const dialog = root(list).querySelector<HTMLDialogElement>('dialog.create')!;
    [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!.click();
    expect(dialog.open).to.equal(false);
    root(list).querySelector<HTMLButtonElement>('button.create')!.click();
    expect(dialog.open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'closed by Escape');
  });
});
