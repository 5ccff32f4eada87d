import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/client/chat-message.js';
import { messageRows } from '../../src/elements/chat-room/message-rows.js';
import { closeClients, until } from '../web-support/parley.js';
import {
  atBottom,
  bubbles,
  cachedConversation,
  log,
  MOST_MESSAGE_NODES,
  openRoom,
  rows,
  scrollBackUntil,
  scrollForwardUntil,
} from '../web-support/timeline.js';

describe('<chat-room> message window', () => {
  afterEach(closeClients);

  it('keeps at most 150 message nodes scrolling back through 2,000 cached messages and forward again', async function () {
    this.timeout(180_000);
    const { bob, cid } = await cachedConversation(2000);
    const room = await openRoom(bob, cid);
    expect(bubbles(room).at(-1)).to.equal('m2000');
    const seen: number[] = [];

    await scrollBackUntil(room, () => bubbles(room)[0] === 'm1', 'scrolled back to the first message', seen);
    expect(rows(room)[0]).to.equal('--day--');
    expect(room.shadowRoot!.querySelector('button.older')).to.equal(null);
    expect(bubbles(room)).to.not.include('m2000');
    // Positions are given against the whole conversation, not what is rendered.
    const first = room.shadowRoot!.querySelector('.message')!;
    expect([first.getAttribute('aria-posinset'), first.getAttribute('aria-setsize')]).to.deep.equal(['1', '2000']);

    await scrollForwardUntil(room, () => bubbles(room).at(-1) === 'm2000' && atBottom(room), 'scrolled forward to the newest', seen);
    expect(seen.length).to.be.greaterThan(50);
    expect(Math.max(...seen)).to.be.at.most(MOST_MESSAGE_NODES);
    // All one day: only the conversation's first message has a heading, wherever the window starts.
    expect(rows(room)).to.not.include('--day--');
    expect(bubbles(room)).to.not.include('m1');
    // Rows that left took all their nodes with them: the log holds no more than the rendered rows'
    // own markers (two each), however far the window slid.
    const markers = [...log(room).childNodes].filter((node) => node.nodeType === Node.COMMENT_NODE).length;
    expect(markers).to.be.at.most(2 * log(room).children.length + 4);
  });

  it('keeps the focus in the log and announces arrivals when the newest rows leave the window', async function () {
    this.timeout(60_000);
    const { alice, bob, cid } = await cachedConversation(400);
    const room = await openRoom(bob, cid);
    const newest = [...room.shadowRoot!.querySelectorAll('.log > .message')].at(-1)!;
    newest.querySelector<HTMLButtonElement>('button.actions')!.focus();
    await scrollBackUntil(room, () => !bubbles(room).includes('m400'), 'the newest message left the window', []);
    expect(newest.isConnected).to.equal(false);
    // Its row is gone: the log has the focus, not the page.
    expect(room.shadowRoot!.activeElement).to.equal(log(room));

    const status = room.shadowRoot!.querySelector('p.visually-hidden[role="status"]')!;
    expect(status.textContent).to.equal('');
    await alice.send(cid, 'below the window');
    await until(() => status.textContent === '1 new message', 'arrival announced');
    expect(bubbles(room)).to.not.include('below the window');
  });

  it('continues day headings and sender groups from the message just above the rendered window', () => {
    const day = 24 * 3600 * 1000;
    const start = new Date(2026, 0, 10, 12).getTime();
    const message = (seq: number, from: string, timestamp: number): ChatMessage => ({
      key: `${from}\n${seq}`,
      cid: 'c',
      from,
      clientId: String(seq),
      type: -1,
      text: `m${seq}`,
      timestamp,
      status: 'sent',
      id: `id${seq}`,
      seq,
    });
    const above = message(10, 'ann', start);
    const window = [message(11, 'ann', start + 60_000), message(12, 'bo', start + 120_000), message(13, 'bo', start + day)];
    const shown = (before?: ChatMessage) =>
      messageRows(window, undefined, before).map((row) => (row.kind === 'message' ? `${row.message.text}${row.startsGroup ? '*' : ''}` : row.kind));
    // Same day and sender as the message above: no heading, and the group goes on.
    expect(shown(above)).to.deep.equal(['m11', 'm12*', 'day', 'm13*']);
    // The conversation's first message: a heading, and a new group.
    expect(shown()).to.deep.equal(['day', 'm11*', 'm12*', 'day', 'm13*']);
  });
});
