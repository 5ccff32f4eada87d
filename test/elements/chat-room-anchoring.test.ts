import { expect } from '@open-wc/testing';
import { closeClients, connectClient, firstValue, uniqueUser, until } from '../web-support/parley.js';
import {
  atBottom,
  bubbles,
  cachedConversation,
  fill,
  firstInView,
  log,
  MOST_MESSAGE_NODES,
  messageNodes,
  offsetOf,
  openRoom,
  rows,
  scrollBackUntil,
  scrollForwardUntil,
} from '../web-support/timeline.js';

describe('<chat-room> message window, anchoring', () => {
  afterEach(closeClients);

  it('keeps the message in view in place while older pages load above it, from the server and from the cache', async function () {
    this.timeout(120_000);
    const alice = await connectClient(uniqueUser('alice'));
    const bobId = uniqueUser('bob');
    const { id: cid } = await alice.createConversation({ members: [bobId] });
    await fill(alice.user.id, cid, 400);
    // A fresh cache: the first older pages come from the server.
    const bob = await connectClient(bobId);
    const room = await openRoom(bob, cid);
    // Away from the bottom, where the log would follow new messages rather than hold its place.
    log(room).scrollTop = log(room).scrollHeight / 2;
    await until(() => !atBottom(room) && room.shadowRoot!.querySelector('.log > .message'), 'scrolled up');
    await new Promise(requestAnimationFrame);

    for (let slide = 0; slide < 8; slide++) {
      const before = bubbles(room)[0];
      let held: ReturnType<typeof firstInView>;
      // A reader keeps scrolling; under a loaded machine one scroll to the top can land while the
      // window is still settling and be passed over, so scroll there again (a bounded number of times).
      for (let attempt = 1; ; attempt++) {
        log(room).scrollTop = 20;
        held = firstInView(room);
        const rendered = await until(() => bubbles(room)[0] !== before, `older page ${slide + 1} rendered`, 3_000).catch(() => false);
        if (rendered) break;
        if (attempt === 4) throw new Error(`older page ${slide + 1} never rendered`);
      }
      expect(Math.abs(offsetOf(room, held.text) - held.offset)).to.be.below(2);
      expect(messageNodes(room)).to.be.at.most(MOST_MESSAGE_NODES);
    }
  });

  it('follows new messages at the bottom, and shows a pill when the reader is far back', async function () {
    this.timeout(120_000);
    const { alice, bob, cid } = await cachedConversation(600);
    const room = await openRoom(bob, cid);

    await alice.send(cid, 'while watching');
    await until(() => bubbles(room).at(-1) === 'while watching' && atBottom(room), 'new message shown at the bottom');
    expect(room.shadowRoot!.querySelector('.new-below')).to.equal(null);

    // Far enough back that the newest messages are no longer rendered.
    const seen: number[] = [];
    await scrollBackUntil(room, () => Number(bubbles(room)[0]!.slice(1)) < 300, 'scrolled back', seen);
    const held = firstInView(room);
    const jump = await until(() => room.shadowRoot!.querySelector<HTMLButtonElement>('.new-below'), 'jump to newest');
    expect(jump.textContent!.trim()).to.equal('Jump to newest');

    await alice.send(cid, 'while away');
    await until(() => jump.textContent!.trim() === '1 new message', 'pill counts one');
    expect(Math.abs(offsetOf(room, held.text) - held.offset)).to.be.below(2);
    expect(bubbles(room)).to.not.include('while away');

    jump.click();
    await until(() => bubbles(room).at(-1) === 'while away' && atBottom(room), 'at the newest');
    expect(room.shadowRoot!.querySelector('.new-below')).to.equal(null);
    expect(Math.max(...seen, messageNodes(room))).to.be.at.most(MOST_MESSAGE_NODES);
  });

  it('keeps the unread separator at the first unread message as it leaves and re-enters the window', async function () {
    this.timeout(120_000);
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const { id: cid } = await alice.createConversation({ members: [bob.user.id] });
    await fill(alice.user.id, cid, 600);
    await bob.openConversation(cid);
    while (await bob.loadOlder(cid, 100));
    await bob.markRead(cid);
    for (let i = 1; i <= 30; i++) await alice.send(cid, `unread ${i}`);
    await until(async () => (await firstValue(bob.watchConversation(cid)))?.unreadMessagesCount === 30, 'thirty unread', 10_000);

    const room = await openRoom(bob, cid);
    const separatorBefore = () => {
      const shown = rows(room);
      const at = shown.indexOf('--unread--');
      return at < 0 ? undefined : shown[at + 1];
    };
    await until(() => separatorBefore() === 'unread 1', 'separator before the first unread');

    const seen: number[] = [];
    await scrollBackUntil(room, () => bubbles(room)[0] === 'm1', 'scrolled back to the first message', seen);
    expect(rows(room)).to.not.include('--unread--');
    await scrollForwardUntil(room, () => bubbles(room).at(-1) === 'unread 30' && atBottom(room), 'back at the newest', seen);
    expect(separatorBefore()).to.equal('unread 1');
    expect(rows(room).filter((row) => row === '--unread--')).to.have.length(1);
    expect(Math.max(...seen)).to.be.at.most(MOST_MESSAGE_NODES);
  });

  it('skips the layout of rows above the view while following the newest, and lays them all out once the reader scrolls back', async function () {
    this.timeout(60_000);
    const { bob, cid } = await cachedConversation(100);
    const room = await openRoom(bob, cid);
    // checkVisibility() is false inside a row whose content the browser skips.
    const shown = () =>
      [...room.shadowRoot!.querySelectorAll('.log > .message .bubble')].map((bubble) => bubble.checkVisibility({ contentVisibilityAuto: true }));
    await until(() => shown().at(-1) && shown().includes(false), 'the newest rows laid out, those far above skipped');

    const element = log(room);
    element.scrollTop = element.scrollHeight / 3;
    await until(() => !atBottom(room) && !shown().includes(false), 'every row laid out once scrolled back');
    // The rows above got their real heights without moving what the reader looks at.
    const inView = firstInView(room);
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    expect(Math.abs(offsetOf(room, inView.text) - inView.offset)).to.be.below(2);
  });

  it('keeps the reader’s scroll when an update lands before its scroll event', async function () {
    this.timeout(60_000);
    const { bob, cid } = await cachedConversation(100);
    const room = await openRoom(bob, cid);
    const element = log(room);
    element.scrollTop = element.scrollHeight / 3;
    const inView = firstInView(room);
    // An update (a message arriving, say) renders before the browser dispatches the scroll event.
    room.requestUpdate();
    await room.updateComplete;
    expect(atBottom(room)).to.equal(false);
    expect(Math.abs(offsetOf(room, inView.text) - inView.offset)).to.be.below(2);
    await new Promise(requestAnimationFrame);
    expect(atBottom(room)).to.equal(false);
  });
});
