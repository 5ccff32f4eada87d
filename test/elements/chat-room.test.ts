import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { ChatMessageEvent } from '../../src/elements/events.js';
import { closeClients, connectClient, firstValue, uniqueUser, until } from '../web-support/parley.js';

const bubbles = (room: ChatRoom) => [...room.shadowRoot!.querySelectorAll('.bubble')].map((b) => b.textContent);

describe('<chat-room>', () => {
  afterEach(closeClients);

  it('renders a message received from another user and fires chat-message', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${bob} conversation=${conversation.id}></chat-room>`);
    const events: ChatMessageEvent[] = [];
    room.addEventListener('chat-message', (e) => events.push(e));

    await alice.send(conversation.id, 'hello from alice');
    await until(() => bubbles(room).includes('hello from alice'), 'message rendered');
    expect(room.shadowRoot!.querySelector('[role="log"]')!.getAttribute('aria-live')).to.equal('polite');
    await until(() => events.length === 1, 'chat-message event');
    expect(events[0]!.message.text).to.equal('hello from alice');
  });

  it('sends with Enter, keeps Shift+Enter as a new line, and shows the status', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${conversation.id}></chat-room>`);
    const input = room.shadowRoot!.querySelector('textarea')!;
    input.value = 'line one';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, cancelable: true }));
    expect(input.value).to.equal('line one');
    input.value = 'line one\nline two';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(input.value).to.equal('');
    await until(() => room.shadowRoot!.querySelector('.message.mine.sent'), 'sent status');
    expect(bubbles(room)).to.deep.equal(['line one\nline two']);
    // One tick, with its name for screen readers and a tooltip.
    const status = room.shadowRoot!.querySelector<HTMLElement>('.message.mine .status')!;
    expect(status.dataset.state).to.equal('sent');
    expect(status.title).to.equal('Sent');
    expect(status.querySelector('.visually-hidden')!.textContent).to.equal('Sent');
    expect(status.querySelector('svg path')).to.not.equal(null);
  });

  it('puts the page’s own controls in its header: header-start before the title, header-end after the info button', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob'), uniqueUser('carol')], name: 'Planning' });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${conversation.id}>
      <button slot="header-start" class="back">Back</button>
      <button slot="header-end" class="call">Call</button>
    </chat-room>`);
    await until(() => room.shadowRoot!.querySelector('header h2')?.textContent === 'Planning', 'title');
    await until(() => room.shadowRoot!.querySelector('header button.info'), 'info button');
    const header = room.shadowRoot!.querySelector('header')!;
    // The header's parts in the order they show, slots replaced by what they hold.
    const shown = [...header.children].flatMap((child) =>
      child instanceof HTMLSlotElement ? child.assignedElements().map((e) => e.className) : [child.localName + (child.className ? `.${child.className}` : '')],
    );
    expect(shown[0]).to.equal('back');
    expect(shown[1]).to.equal('h2');
    expect(shown.at(-2)).to.equal('button.info');
    expect(shown.at(-1)).to.equal('call');
    const back = room.querySelector<HTMLElement>('.back')!;
    expect(back.getBoundingClientRect().width).to.be.greaterThan(0);
  });

  it('shows text as text, never as HTML', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${conversation.id}></chat-room>`);
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await alice.send(conversation.id, payload);
    await until(() => bubbles(room).includes(payload), 'payload rendered as text');
    expect(room.shadowRoot!.querySelector('.bubble img, .bubble script')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('loads earlier messages on request without losing the newest', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    for (let i = 1; i <= 30; i++) await alice.send(conversation.id, `m${i}`);
    await alice.close({ clear: true });
    const fresh = await connectClient(alice.user.id);
    const room = await fixture<ChatRoom>(html`<chat-room .client=${fresh} conversation=${conversation.id}></chat-room>`);
    await until(() => bubbles(room).length === 20, 'newest page');
    expect(bubbles(room)[19]).to.equal('m30');
    room.shadowRoot!.querySelector<HTMLButtonElement>('button.older')!.click();
    await until(() => bubbles(room).length === 30, 'all messages');
    expect(bubbles(room)[0]).to.equal('m1');
    expect(room.shadowRoot!.querySelector('button.older')).to.equal(null);
  });

  it('marks messages read when it shows them', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    await alice.send(conversation.id, 'unread until seen');
    await bob.refreshConversations();
    const unread = async () => {
      await bob.refreshConversations();
      return (await firstValue(bob.watchConversation(conversation.id)))?.unreadMessagesCount;
    };
    expect(await unread()).to.equal(1);
    await fixture<ChatRoom>(html`<chat-room .client=${bob} conversation=${conversation.id}></chat-room>`);
    // The server's own count, fetched again, is what proves the read mark landed.
    await until(async () => (await unread()) === 0, 'read on the server');
  });

  it('says so when the conversation is not available to the user', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const mallory = await connectClient(uniqueUser('mallory'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${mallory} conversation=${conversation.id}></chat-room>`);
    const alert = await until(() => room.shadowRoot!.querySelector('[role="alert"]'), 'error shown');
    expect(alert.textContent).to.contain('not available');
  });
});
