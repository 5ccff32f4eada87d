import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { closeClients, connectClient, firstValue, uniqueUser, until } from '../web-support/parley.js';

const shadow = (element: Element) => element.shadowRoot!;

describe('<chat-room> info panel', () => {
  afterEach(closeClients);

  it('shows name, members and details, mutes and unmutes, and closes with Escape', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = uniqueUser('bob');
    const conversation = await alice.createConversation({ members: [bob, uniqueUser('carol')], name: 'Launch', attributes: { topic: 'rockets' } });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <chat-list .client=${alice}></chat-list>
      <chat-room .client=${alice} conversation=${conversation.id}></chat-room>
    </div>`);
    const room = wrapper.querySelector('chat-room')!;
    const list = wrapper.querySelector<ChatList>('chat-list')!;
    const toggle = await until(() => shadow(room).querySelector<HTMLButtonElement>('header button.info'), 'info button');
    expect(toggle.getAttribute('aria-label')).to.equal('Conversation info');
    toggle.click();
    const panel = await until(() => shadow(room).querySelector<HTMLElement>('aside.info-panel'), 'panel');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    await until(() => shadow(room).activeElement === panel.querySelector('h3'), 'focus in the panel');
    expect(panel.querySelector('h3')!.textContent).to.equal('Launch');
    expect([...panel.querySelectorAll('.members li')].map((li) => li.textContent)).to.include(bob);
    expect(panel.querySelectorAll('.members li')).to.have.length(3);
    expect(panel.querySelector('dt')!.textContent).to.equal('topic');
    expect(panel.querySelector('dd')!.textContent).to.equal('rockets');

    const mute = panel.querySelector<HTMLInputElement>('input[role="switch"]')!;
    expect(mute.checked).to.equal(false);
    mute.click();
    await until(async () => (await alice.getConversation(conversation.id)).muted, 'muted on the server');
    await until(() => shadow(list).querySelector('.muted-mark'), 'muted marker in the list');
    await until(() => mute.checked, 'switch on');
    mute.click();
    await until(async () => !(await alice.getConversation(conversation.id)).muted, 'unmuted on the server');

    panel.querySelector<HTMLElement>('h3')!.focus();
    await sendKeys({ press: 'Escape' });
    await until(() => !shadow(room).querySelector('aside.info-panel'), 'closed');
    await until(() => shadow(room).activeElement === toggle, 'focus back on the button');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  });

  it('leaves the conversation', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id, uniqueUser('carol')], name: 'Leaving' });
    await bob.refreshConversations();
    const room = await fixture<ChatRoom>(html`<chat-room .client=${bob} conversation=${conversation.id}></chat-room>`);
    (await until(() => shadow(room).querySelector<HTMLButtonElement>('header button.info'), 'info button')).click();
    const leave = await until(() => shadow(room).querySelector<HTMLButtonElement>('aside button.leave'), 'leave button');
    expect(leave.textContent!.trim()).to.equal('Leave conversation');
    leave.click();
    await until(() => room.conversation === '', 'room closed');
    expect(shadow(room).querySelector('.placeholder')).to.not.equal(null);
    expect((await alice.getConversation(conversation.id)).members).to.not.include(bob.user.id);
    expect(await firstValue(bob.watchConversation(conversation.id))).to.equal(undefined);
  });

  it('shows a chat room’s online count instead of members', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const room = await alice.createChatRoom({ name: `Plaza ${uniqueUser('p')}` });
    const element = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${room.id}></chat-room>`);
    (await until(() => shadow(element).querySelector<HTMLButtonElement>('header button.info'), 'info button')).click();
    const online = await until(() => shadow(element).querySelector('aside .online'), 'online count');
    expect(online.textContent).to.equal('1 online');
    expect(shadow(element).querySelector('aside .members')).to.equal(null);
    expect(shadow(element).querySelector('aside input[role="switch"]')).to.equal(null);
  });
});
