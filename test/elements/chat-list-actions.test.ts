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
    expect(members.labels![0]!.textContent).to.contain('Members');

    // A bad member id: the server's typed error is shown and nothing is made.
    members.value = 'not valid!';
    dialog.querySelector('form')!.requestSubmit();
    const alert = await until(() => dialog.querySelector('[role="alert"]'), 'error shown');
    expect(alert.textContent).to.contain('INVALID');
    expect(dialog.open).to.equal(true);
    expect(titles(list)).to.deep.equal([]);
    // What was typed became one chip per id; the refused ones are removed.
    const removals = [...dialog.querySelectorAll<HTMLButtonElement>('.chosen button')].map((b) => b.getAttribute('aria-label'));
    expect(removals).to.deep.equal(['Remove not', 'Remove valid!']);
    for (const button of dialog.querySelectorAll<HTMLButtonElement>('.chosen button')) button.click();
    await list.updateComplete;

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

  it('suggests people as one types; arrows and Enter choose, Backspace and × remove, an id can be typed', async () => {
    const tag = uniqueUser('t').slice(-6);
    const alice = await connectClient(uniqueUser('alice'));
    const ada = await connectClient(`Ada ${tag}`);
    const adam = await connectClient(`Adam ${tag}`);
    await ada.createConversation({ members: [alice.user.id, adam.user.id], unique: false });
    const bob = uniqueUser('bob');
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    root(list).querySelector<HTMLButtonElement>('button.create')!.click();
    const dialog = root(list).querySelector<HTMLDialogElement>('dialog.create')!;
    const input = dialog.querySelector<HTMLInputElement>('input[name="members"]')!;
    const options = () => [...dialog.querySelectorAll('[role="option"] .person-name')].map((o) => o.textContent);
    const chips = () => [...dialog.querySelectorAll('.chosen li > span')].map((c) => c.textContent);
    expect(input.getAttribute('role')).to.equal('combobox');
    expect(input.getAttribute('aria-expanded')).to.equal('false');

    await sendKeys({ type: 'ADA' });
    await until(() => options().join() === `Ada ${tag},Adam ${tag}`, 'both suggested');
    expect(input.getAttribute('aria-expanded')).to.equal('true');
    expect(input.getAttribute('aria-activedescendant')).to.equal('person-0');
    await sendKeys({ press: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).to.equal('person-1');
    await sendKeys({ press: 'Enter' });
    expect(dialog.open, 'Enter on a suggestion does not submit').to.equal(true);
    expect(chips()).to.deep.equal([`Adam ${tag}`]);
    expect(input.value).to.equal('');

    await sendKeys({ type: 'ada' });
    await until(() => options().join() === `Ada ${tag}`, 'only the one not chosen');
    await sendKeys({ press: 'Escape' });
    expect(options(), 'Escape closes the suggestions').to.deep.equal([]);
    expect(dialog.open, '… and not the dialog').to.equal(true);
    await sendKeys({ press: 'Enter' }); // what was typed, taken as an id: no one is named "ada"
    expect(chips()).to.deep.equal([`Adam ${tag}`, 'ada']);
    await sendKeys({ press: 'Backspace' });
    expect(chips()).to.deep.equal([`Adam ${tag}`]);

    await sendKeys({ type: `${bob},` });
    expect(chips()).to.deep.equal([`Adam ${tag}`, bob]);
    dialog.querySelector<HTMLButtonElement>(`button[aria-label="Remove Adam ${tag}"]`)!.click();
    await list.updateComplete;
    expect(chips()).to.deep.equal([bob]);
    expect(root(list).activeElement).to.equal(input);
    await sendKeys({ type: 'Ad' });
    await until(() => options().length === 2, 'suggested again');
    dialog.querySelectorAll<HTMLElement>('[role="option"]')[0]!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    await list.updateComplete;
    expect(chips()).to.deep.equal([bob, `Ada ${tag}`]);

    await sendKeys({ press: 'Enter' }); // in the empty field: submits
    await until(() => !dialog.open, 'dialog closed');
    const made = await alice.getConversation(list.selected!);
    expect([...made.members].sort()).to.deep.equal([alice.user.id, ada.user.id, bob].sort());
  });

  it('asks for at least one member before creating', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    root(list).querySelector<HTMLButtonElement>('button.create')!.click();
    const dialog = root(list).querySelector<HTMLDialogElement>('dialog.create')!;
    dialog.querySelector('form')!.requestSubmit();
    const alert = await until(() => dialog.querySelector('[role="alert"]'), 'error shown');
    expect(alert.textContent).to.equal('Add at least one member.');
    expect(dialog.open).to.equal(true);
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
