import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { TYPING_MESSAGE_TYPE } from '../../src/elements/chat-room/typing-indicator.js';
import { closeClients, connectClient, firstValue, openActions, uniqueUser, until } from '../web-support/parley.js';

const shadow = (room: ChatRoom) => room.shadowRoot!;
const textarea = (room: ChatRoom) => shadow(room).querySelector('textarea')!;

/** Alice's room with Ada and Grace, whose names are not their ids. */
async function group() {
  const alice = await connectClient(uniqueUser('alice'));
  const adaName = uniqueUser('Ada Lovelace');
  const graceName = uniqueUser('Grace Hopper');
  const ada = await connectClient(adaName);
  const grace = await connectClient(graceName);
  const { id: cid } = await alice.createConversation({ members: [ada.user.id, grace.user.id], name: 'pioneers' });
  const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${cid}></chat-room>`);
  return { alice, ada, adaName, grace, graceName, cid, room };
}

describe('<chat-room> shows people by name', () => {
  afterEach(closeClients);

  it('titles a 1:1 chat with the other person’s name', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const adaName = uniqueUser('Ada Lovelace');
    const ada = await connectClient(adaName);
    const chat = await alice.createConversation({ members: [ada.user.id] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${chat.id}></chat-room>`);
    await until(() => shadow(room).querySelector('header h2')?.textContent === adaName, 'title is Ada’s name');
  });

  it('names senders, the quoted and the members; typing and replies say the name', async () => {
    const { ada, adaName, grace, graceName, cid, room } = await group();
    await ada.send(cid, 'the engine can weave algebra');
    const sender = await until(() => shadow(room).querySelector('.message:not(.mine) .sender'), 'sender label');
    await until(() => sender.textContent === adaName, 'sender shown by name');

    await grace.sendTransient(cid, { type: TYPING_MESSAGE_TYPE, fields: { typing: true } });
    await until(() => shadow(room).querySelector('.typing')?.textContent === `${graceName} is typing…`, 'typing by name');

    const message = shadow(room).querySelector('.message:not(.mine)')!;
    const [reply] = await openActions(message);
    reply!.click();
    const bar = await until(() => shadow(room).querySelector('.replying'), 'replying bar');
    expect(bar.textContent).to.contain(`Replying to ${adaName}:`);
    textarea(room).focus();
    await sendKeys({ type: 'and music' });
    await sendKeys({ press: 'Enter' });
    const cite = await until(() => shadow(room).querySelector('.message.mine.sent blockquote.quote cite'), 'quote shown');
    expect(cite.textContent).to.equal(adaName);

    (await until(() => shadow(room).querySelector<HTMLButtonElement>('header button.info'), 'info button')).click();
    // Each member: the name, then the id in its own element.
    const listed = () =>
      [...shadow(room).querySelectorAll('aside.info-panel .members li')].map((li) => {
        const id = li.querySelector('.member-id')?.textContent ?? '';
        return `${li.textContent!.trim().slice(0, -id.length || undefined)} | ${id}`;
      });
    await until(() => listed().includes(`${adaName} | ${ada.user.id}`), 'Ada listed by name, then id');
    expect(listed()).to.include(`${graceName} | ${grace.user.id}`);
  });

  it('shows the people a message mentions by name, and an unlisted @word as typed', async () => {
    const { ada, grace, graceName, cid, room } = await group();
    await ada.send(cid, { type: -1, text: `@${grace.user.id}, see https://example.com and @nobody`, mentionList: [grace.user.id] });
    const bubble = await until(() => shadow(room).querySelector('.message:not(.mine) .bubble'), 'Ada’s message');
    const mention = await until(() => bubble.querySelector<HTMLElement>('.mention'), 'the mention');
    await until(() => mention.textContent === `@${graceName}`, 'Grace by name');
    expect(mention.title).to.equal(`@${grace.user.id}`);
    expect(bubble.querySelectorAll('.mention').length).to.equal(1);
    expect(bubble.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/');
    expect(bubble.textContent).to.contain('and @nobody');
  });

  it('suggests members by name for an @mention, and mentions them by id', async () => {
    const { alice, grace, graceName, cid, room } = await group();
    textarea(room).focus();
    await sendKeys({ type: '@hopp' });
    const list = await until(() => shadow(room).querySelector('#mention-list'), 'suggestions');
    const options = () => [...list.querySelectorAll('[role="option"]')].map((o) => o.textContent!.replace(/\s+/g, ' ').trim());
    await until(() => options().join() === `${graceName} @${grace.user.id}`, 'Grace found by her surname');
    await sendKeys({ press: 'Enter' });
    expect(textarea(room).value).to.equal(`@${grace.user.id} `);
    await sendKeys({ press: 'Enter' });
    const sent = await until(async () => (await firstValue(alice.watchMessages(cid))).find((m) => m.status === 'sent'), 'sent');
    expect(sent.mentionList).to.deep.equal([grace.user.id]);
  });
});
