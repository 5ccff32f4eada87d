import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { isTypingSignal } from '../../src/elements/chat-room/typing-indicator.js';
import type { MessageRecord } from '../../src/protocol/model.js';
import { closeClients, connectClient, firstValue, openActions, openCacheInNewerTab, uniqueUser, until } from '../web-support/parley.js';

const shadow = (room: ChatRoom) => room.shadowRoot!;
const textarea = (room: ChatRoom) => shadow(room).querySelector('textarea')!;

async function group() {
  const alice = await connectClient(uniqueUser('alice'));
  const bob = await connectClient(uniqueUser('bob'));
  const carol = uniqueUser('carol');
  const conversation = await alice.createConversation({ members: [bob.user.id, carol], name: 'team' });
  const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${conversation.id}></chat-room>`);
  await until(() => shadow(room).querySelector('header h2')?.textContent === 'team', 'room open');
  return { alice, bob, carol, cid: conversation.id, room };
}

async function pngFile(name: string): Promise<File> {
  const canvas = new OffscreenCanvas(4, 4);
  canvas.getContext('2d')!.fillRect(0, 0, 4, 4);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

describe('<chat-room> composer', () => {
  afterEach(closeClients);

  it('autocompletes @mentions from the members with the keyboard and sends the mention list', async () => {
    const { alice, bob, carol, cid, room } = await group();
    textarea(room).focus();
    await sendKeys({ type: 'hi @' });
    const list = await until(() => shadow(room).querySelector('[role="listbox"]#mention-list'), 'suggestions');
    const options = () => [...list.querySelectorAll('[role="option"]')].map((o) => o.textContent!.trim());
    expect(options().sort()).to.deep.equal([`@${bob.user.id}`, `@${carol}`].sort());
    expect(options()).to.not.include(`@${alice.user.id}`);
    await sendKeys({ type: carol.slice(0, 4) });
    await until(() => options().join() === `@${carol}`, 'narrowed to carol');
    expect(textarea(room).getAttribute('aria-activedescendant')).to.equal('mention-0');
    await sendKeys({ press: 'Enter' });
    await until(() => !shadow(room).querySelector('#mention-list'), 'list closed');
    expect(textarea(room).value).to.equal(`hi @${carol} `);
    expect(textarea(room).hasAttribute('aria-activedescendant')).to.equal(false);

    // Escape closes the list without touching the text.
    await sendKeys({ type: '@' });
    await until(() => shadow(room).querySelector('#mention-list'), 'open again');
    await sendKeys({ press: 'Escape' });
    await until(() => !shadow(room).querySelector('#mention-list'), 'closed by Escape');
    await sendKeys({ press: 'Backspace' });

    await sendKeys({ press: 'Enter' });
    const sent = await until(async () => (await firstValue(alice.watchMessages(cid))).find((m) => m.status === 'sent'), 'sent');
    expect(sent.text).to.equal(`hi @${carol} `);
    expect(sent.mentionList).to.deep.equal([carol]);
  });

  it('shows who is typing from throttled transient signals, until their message arrives', async () => {
    const { bob, cid, room } = await group();
    const bobRoom = await fixture<ChatRoom>(html`<chat-room .client=${bob} conversation=${cid}></chat-room>`);
    const signals: MessageRecord[] = [];
    bob.addEventListener('message', (e) => {
      const message = (e as CustomEvent<MessageRecord>).detail;
      if (isTypingSignal(message)) signals.push(message);
    });
    textarea(room).focus();
    const typed = 'several keystrokes';
    await sendKeys({ type: typed });
    const line = () => shadow(bobRoom).querySelector('.typing')!;
    await until(() => line().textContent!.includes('is typing'), 'typing shown');
    expect(line().textContent).to.contain(`${room.client!.user.id} is typing…`);
    expect(signals.length).to.be.greaterThan(0);
    // Throttled: far fewer signals than keystrokes, and none of them stored.
    expect(signals.length).to.be.lessThan(typed.length / 2);
    expect(signals.every((s) => s.seq === 0)).to.equal(true);
    expect(shadow(bobRoom).querySelectorAll('.message')).to.have.length(0);

    await sendKeys({ press: 'Enter' });
    await until(() => shadow(bobRoom).querySelector('.message'), 'message arrived');
    await until(() => !line().textContent!.includes('typing'), 'typing cleared by the message');
  });

  it('sends files dropped on the room or pasted into the composer, through the uploader', async () => {
    const { room } = await group();
    const dropped = new DataTransfer();
    dropped.items.add(await pngFile('dropped.png'));
    dropped.items.add(new File(['second'], 'second.txt', { type: 'text/plain' }));
    room.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true, composed: true }));
    const zone = await until(() => shadow(room).querySelector('.drop-zone'), 'drop zone shown');
    expect(zone.textContent).to.equal('Drop a file to send it');
    room.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true, composed: true }));
    await until(() => shadow(room).querySelector('.message.mine.sent[data-type="-2"] img'), 'image sent', 10_000);
    expect(shadow(room).querySelector('.drop-zone')).to.equal(null);

    // Pasted while the drop may still be uploading: it waits its turn, nothing is lost.
    const pasted = new DataTransfer();
    pasted.items.add(new File(['notes'], 'notes.txt', { type: 'text/plain' }));
    textarea(room).dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    const files = () => [...shadow(room).querySelectorAll('.message.mine.sent[data-type="-6"]')].map((m) => m.textContent!);
    await until(() => files().length === 2, 'both files sent', 10_000);
    expect(files()[0]).to.contain('second.txt');
    expect(files()[1]).to.contain('notes.txt');
    expect(textarea(room).value).to.equal('');
  });

  it('keeps an edit that could not be saved in the box, says why, and saves it on the next try', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const { id: cid } = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${cid}></chat-room>`);
    await alice.send(cid, 'tpyo');
    const sent = await until(() => shadow(room).querySelector('.message.mine.sent'), 'message sent');
    (await openActions(sent)).find((item) => item.matches('.edit'))!.click();
    alice.disconnect();
    textarea(room).value = 'typo';
    textarea(room).focus();
    await sendKeys({ press: 'Enter' });
    const alert = await until(() => shadow(room).querySelector('.action-error[role="alert"]'), 'the reason shown');
    expect(alert.textContent).to.equal('You are offline. Try again once the connection is back.');
    expect(textarea(room).value, 'the edit is still there').to.equal('typo');
    expect(shadow(room).querySelector('.editing'), 'still editing').to.not.equal(null);
    expect(shadow(room).querySelector('.bubble')!.textContent).to.equal('tpyo');

    alice.reconnect();
    await until(() => alice.state === 'online', 'back online');
    textarea(room).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => shadow(room).querySelector('.bubble')?.textContent === 'typo', 'edited on the second try');
    expect(shadow(room).querySelector('.action-error')).to.equal(null);
  });

  it('says why a recall did not work', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const { id: cid } = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${cid}></chat-room>`);
    await alice.send(cid, 'sent too soon');
    const sent = await until(() => shadow(room).querySelector('.message.mine.sent'), 'message sent');
    alice.disconnect();
    (await openActions(sent)).find((item) => item.matches('.recall'))!.click();
    const alert = await until(() => shadow(room).querySelector('.action-error[role="alert"]'), 'the reason shown');
    expect(alert.textContent).to.equal('You are offline. Try again once the connection is back.');
    expect(shadow(room).querySelector('.bubble')!.textContent).to.equal('sent too soon');
  });

  it('gives the text back when the message could not even be kept for sending', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const { id: cid } = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${cid}></chat-room>`);
    await until(() => textarea(room), 'composer');
    // A newer widget in another tab takes the cache over: this page can no longer queue anything.
    (await openCacheInNewerTab(alice.user.id)).close();
    await until(() => alice.outdated, 'outdated');
    textarea(room).focus();
    await sendKeys({ type: 'not lost' });
    await sendKeys({ press: 'Enter' });
    const alert = await until(() => shadow(room).querySelector('.action-error[role="alert"]'), 'the reason shown');
    expect(alert.textContent).to.equal('The message could not be kept on this device, so it was not sent.');
    expect(textarea(room).value).to.equal('not lost');
  });

  it('never cuts a long text short: it counts what is left, and keeps a text over the limit in the box', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const { id: cid } = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${cid}></chat-room>`);
    const input = await until(() => textarea(room), 'composer');
    const count = () => shadow(room).querySelector('#message-length');
    input.value = 'x'.repeat(4000);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await room.updateComplete;
    expect(count(), 'no count while far from the limit').to.equal(null);

    // A paste past the limit stays whole, counted in the danger colour.
    input.value = 'x'.repeat(5001);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    const over = await until(() => count(), 'the count');
    expect(over.textContent).to.equal('5,001 / 5,000');
    expect(over.classList.contains('over')).to.equal(true);
    expect(input.getAttribute('aria-describedby')).to.equal('message-length');
    input.focus();
    await sendKeys({ press: 'Enter' });
    const alert = await until(() => shadow(room).querySelector('.action-error[role="alert"]'), 'the reason shown');
    expect(alert.textContent).to.equal('That message is too long to send. Shorten it, or send it in parts.');
    expect(input.value.length, 'kept whole').to.equal(5001);
    expect(await firstValue(alice.watchMessages(cid))).to.have.length(0);

    await sendKeys({ press: 'Backspace' });
    await until(() => count()?.textContent === '5,000 / 5,000', 'counted down');
    await sendKeys({ press: 'Enter' });
    await until(() => shadow(room).querySelector('.message.mine.sent'), 'sent at the limit');
    expect(count(), 'no count for an empty box').to.equal(null);
  });

  it('keeps one actions menu open at a time, and its button closes it', async () => {
    const { bob, cid, room } = await group();
    await bob.send(cid, 'one');
    await bob.send(cid, 'two');
    await until(() => shadow(room).querySelectorAll('.message.sent').length === 2, 'two messages');
    const [first, second] = [...shadow(room).querySelectorAll('.message.sent')];
    const button = (row: Element) => row.querySelector<HTMLButtonElement>('button.actions')!;
    const menus = () => [...shadow(room).querySelectorAll<HTMLElement>('[role="menu"]')];

    await openActions(first!);
    button(second!).click();
    // Opening the second closed the first, and only the open one is in the DOM.
    await until(() => menus().length === 1 && second!.querySelector('[role="menu"]:popover-open'), 'second menu alone open');
    expect(button(first!).getAttribute('aria-expanded')).to.equal('false');
    button(second!).click();
    await until(() => menus().length === 0, 'menu closed by its button');
  });

  it('opens a message actions menu from the keyboard and replies with a quote', async () => {
    const { alice, bob, cid, room } = await group();
    await bob.send(cid, 'what time?');
    const message = await until(() => shadow(room).querySelector('.message:not(.mine)'), 'bob’s message');
    const toggle = message.querySelector<HTMLButtonElement>('button.actions')!;
    expect(toggle.getAttribute('aria-label')).to.equal('Message actions');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    const menu = await until(() => message.querySelector<HTMLElement>('[role="menu"]:popover-open'), 'menu open');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    // Someone else's message: the group's owner may recall it, but not edit it.
    expect(items.map((i) => i.textContent!.trim())).to.deep.equal(['Reply', 'Copy', 'Recall']);
    expect(shadow(room).activeElement).to.equal(items[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(shadow(room).activeElement).to.equal(items[1]);
    await sendKeys({ press: 'ArrowUp' });
    expect(shadow(room).activeElement).to.equal(items[0]);
    await sendKeys({ press: 'Enter' });
    expect(menu.matches(':popover-open')).to.equal(false);
    const bar = await until(() => shadow(room).querySelector('.replying'), 'replying bar');
    expect(bar.textContent).to.contain(`Replying to ${bob.user.id}: what time?`);

    textarea(room).focus();
    await sendKeys({ type: 'noon' });
    await sendKeys({ press: 'Enter' });
    const quote = await until(() => shadow(room).querySelector('.message.mine.sent blockquote.quote'), 'quote shown');
    expect(quote.textContent).to.contain('what time?');
    expect(shadow(room).querySelector('.replying')).to.equal(null);
    const mine = (await firstValue(alice.watchMessages(cid))).find((m) => m.from === alice.user.id)!;
    expect(mine.attributes?.quote).to.include({ from: bob.user.id, text: 'what time?' });

    // The user's own message offers edit and recall too.
    const own = shadow(room).querySelector('.message.mine.sent')!;
    const ownItems = (await openActions(own)).map((i) => i.textContent!.trim());
    expect(ownItems).to.deep.equal(['Reply', 'Copy', 'Edit', 'Recall']);
    // Only the open menu is in the DOM: closing it removes it.
    await sendKeys({ press: 'Escape' });
    await until(() => !own.querySelector('[role="menu"]'), 'menu removed');
    expect(shadow(room).querySelectorAll('[role="menu"]')).to.have.length(0);

    // Bob, a plain member, may only reply to and copy Alice's message.
    const bobRoom = await fixture<ChatRoom>(html`<chat-room .client=${bob} conversation=${cid}></chat-room>`);
    const theirs = await until(() => shadow(bobRoom).querySelector('.message:not(.mine)'), 'alice’s message for bob');
    // Until the room's own refresh, the cache may hold the creator's view of the conversation.
    const bobItems = async () => {
      const items = (await openActions(theirs)).map((i) => i.textContent!.trim()).join();
      theirs.querySelector<HTMLElement>('[role="menu"]')!.hidePopover();
      return items;
    };
    await until(async () => (await bobItems()) === 'Reply,Copy', 'reply and copy only');
  });
});
