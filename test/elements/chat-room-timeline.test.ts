import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { closeClients, connectClient, firstValue, uniqueUser, until } from '../web-support/parley.js';

const rows = (room: ChatRoom) =>
  [...room.shadowRoot!.querySelectorAll('.log > .message, .log > .separator')].map((row) =>
    row.classList.contains('separator') ? `--${row.classList.contains('unread') ? 'unread' : 'day'}--` : row.querySelector('.bubble')!.textContent,
  );

describe('<chat-room> timeline', () => {
  afterEach(closeClients);

  it('puts a day separator first, groups consecutive messages by sender, and marks the first unread', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id, uniqueUser('carol')] });
    await alice.send(conversation.id, 'seen');
    await bob.send(conversation.id, 'reply');
    await bob.markRead(conversation.id);
    await alice.send(conversation.id, 'new one');
    await alice.send(conversation.id, 'new two');
    await until(async () => (await firstValue(bob.watchConversation(conversation.id)))?.unreadMessagesCount === 2, 'two unread');

    const room = await fixture<ChatRoom>(html`<chat-room .client=${bob} conversation=${conversation.id}></chat-room>`);
    await until(() => rows(room).length === 6, 'rows rendered');
    expect(rows(room)).to.deep.equal(['--day--', 'seen', 'reply', '--unread--', 'new one', 'new two']);
    // Dates are formatted just after the first paint (FormatsController).
    await until(() => room.shadowRoot!.querySelector('.separator.day')!.textContent === 'today', 'day heading formatted');
    const messages = [...room.shadowRoot!.querySelectorAll('.message')];
    expect(messages.map((m) => m.classList.contains('starts-group'))).to.deep.equal([true, true, true, false]);
    expect(messages.map((m) => m.querySelector('.sender')?.textContent ?? null)).to.deep.equal([alice.user.id, null, alice.user.id, null]);

    // Reading the conversation does not move the separator while it is open.
    await until(async () => (await firstValue(bob.watchConversation(conversation.id)))?.unreadMessagesCount === 0, 'marked read');
    expect(rows(room)).to.include('--unread--');
  });

  it('marks the first unread message when the history comes from the server, not the cache', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = uniqueUser('bob');
    const conversation = await alice.createConversation({ members: [bob] });
    await alice.send(conversation.id, 'first');
    await alice.send(conversation.id, 'second');
    const fresh = await connectClient(bob);
    const room = await fixture<ChatRoom>(html`<chat-room .client=${fresh} conversation=${conversation.id}></chat-room>`);
    await until(() => rows(room).length === 4, 'rows rendered');
    expect(rows(room)).to.deep.equal(['--day--', '--unread--', 'first', 'second']);
  });

  it('keeps a draft per conversation', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const first = await alice.createConversation({ members: [uniqueUser('bob')] });
    const second = await alice.createConversation({ members: [uniqueUser('carol')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${first.id}></chat-room>`);
    const type = (text: string) => {
      const input = room.shadowRoot!.querySelector('textarea')!;
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    };
    type('half a thought');
    room.conversation = second.id;
    await room.updateComplete;
    expect(room.shadowRoot!.querySelector('textarea')!.value).to.equal('');
    type('for carol');
    room.conversation = first.id;
    await room.updateComplete;
    expect(room.shadowRoot!.querySelector('textarea')!.value).to.equal('half a thought');

    // A new element for the same conversation finds it too; sending clears it.
    const again = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${second.id}></chat-room>`);
    const input = again.shadowRoot!.querySelector('textarea')!;
    expect(input.value).to.equal('for carol');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await until(() => again.shadowRoot!.querySelector('.message.mine'), 'sent');
    again.conversation = first.id;
    await again.updateComplete;
    again.conversation = second.id;
    await again.updateComplete;
    expect(again.shadowRoot!.querySelector('textarea')!.value).to.equal('');
  });

  it('stays at the bottom for new messages, but shows a pill instead when the reader scrolled up', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    for (let i = 1; i <= 30; i++) await alice.send(conversation.id, `m${i}`);
    const room = await fixture<ChatRoom>(
      html`<chat-room style="display:flex;height:300px" .client=${bob} conversation=${conversation.id}></chat-room>`,
    );
    const log = room.shadowRoot!.querySelector<HTMLElement>('.log')!;
    const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
    await until(() => room.shadowRoot!.querySelectorAll('.message').length === 30 && atBottom(), 'at the bottom');
    const announced: string[] = [];
    room.addEventListener('chat-message', (event) => announced.push(event.message.text ?? ''));

    await alice.send(conversation.id, 'while watching');
    await until(() => room.shadowRoot!.querySelectorAll('.message').length === 31 && announced.includes('while watching'), 'new message shown');
    await room.updateComplete;
    expect(atBottom()).to.equal(true);
    expect(room.shadowRoot!.querySelector('.new-below')).to.equal(null);

    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await alice.send(conversation.id, 'while away 1');
    await alice.send(conversation.id, 'while away 2');
    const pill = await until(() => room.shadowRoot!.querySelector<HTMLButtonElement>('.new-below'), 'pill');
    await until(() => pill.textContent!.trim() === '2 new messages', 'pill counts two');
    expect(log.scrollTop).to.equal(0);

    pill.click();
    await room.updateComplete;
    expect(atBottom()).to.equal(true);
    expect(room.shadowRoot!.querySelector('.new-below')).to.equal(null);
  });
});
