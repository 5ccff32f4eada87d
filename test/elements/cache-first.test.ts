import { expect, fixture, html } from '@open-wc/testing';
import { io } from 'socket.io-client';
import { ChatClient } from '../../src/client/chat-client.js';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { closeClients, connectClient, openCacheInNewerTab, openClient, serverUrl, shortLivedToken, tokenFor, uniqueUser, until } from '../web-support/parley.js';

/** Sends `count` messages as `user` over a plain socket, pipelined: a fast way to fill a conversation. */
async function fill(user: string, cid: string, count: number): Promise<void> {
  const socket = io(await serverUrl(), { auth: { token: await tokenFor(user) }, transports: ['websocket'] });
  const acks = Array.from({ length: count }, (_, i) =>
    socket.timeout(20_000).emitWithAck('message:send', { cid, clientId: `fill-${cid}-${i}`, type: -1, text: `m${i + 1}` }),
  );
  await Promise.all(acks);
  socket.close();
}

/** A client for `user` that can read its cache but never gets online (its token is refused). */
async function offlineClient(user: string): Promise<ChatClient> {
  const token = await tokenFor(user);
  const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
  return ChatClient.connect({ server: await serverUrl(), token: forged });
}

describe('cache first', () => {
  afterEach(closeClients);

  it('shows the newest page of 1,000 cached messages and the list without the network', async function () {
    this.timeout(60_000);
    const alice = await connectClient(uniqueUser('alice'));
    const bobId = uniqueUser('bob');
    const conversation = await alice.createConversation({ members: [bobId], name: 'big' });
    await fill(alice.user.id, conversation.id, 1000);

    // Bob's browser caches all of it once…
    const bob = await connectClient(bobId);
    await bob.openConversation(conversation.id);
    while (await bob.loadOlder(conversation.id, 100));
    await bob.close();

    // …then a cold page whose connection is refused renders from the cache alone.
    const cold = await offlineClient(bobId);
    try {
      const wrapper = await fixture(html`<div>
        <chat-list .client=${cold}></chat-list>
        <chat-room .client=${cold} conversation=${conversation.id}></chat-room>
      </div>`);
      const room = wrapper.querySelector<ChatRoom>('chat-room')!;
      const list = wrapper.querySelector<ChatList>('chat-list')!;
      const texts = await until(() => {
        const shown = [...room.shadowRoot!.querySelectorAll('.bubble')].map((b) => b.textContent);
        return shown.length === 50 ? shown : undefined;
      }, 'newest page rendered');
      expect(texts[0]).to.equal('m951');
      expect(texts[49]).to.equal('m1000');
      await until(() => list.shadowRoot!.textContent!.includes('big'), 'list rendered');
      expect(cold.state).to.not.equal('online');
      // The banner says why nothing new arrives.
      await until(() => room.shadowRoot!.querySelector('[part="status"][role="status"]'), 'offline banner');
    } finally {
      await cold.close({ clear: true });
    }
  });
  it('asks to reload, in the list and the room, once another tab upgraded the cache', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')], name: 'upgrade' });
    const wrapper = await fixture(html`<div>
      <chat-list .client=${alice}></chat-list>
      <chat-room .client=${alice} conversation=${conversation.id}></chat-room>
    </div>`);
    // Another tab's newer widget opens the same database at a higher version.
    (await openCacheInNewerTab(alice.user.id)).close();
    for (const element of wrapper.querySelectorAll('chat-list, chat-room')) {
      const banner = await until(() => element.shadowRoot!.querySelector('[part="status"]'), `${element.localName} banner`);
      expect(banner.textContent).to.contain('This chat was updated or signed out in another tab.');
      expect(banner.querySelector('button.reload')!.textContent).to.equal('Reload');
    }
  });

  it('asks to reload, in the list and the room, once the one token the page was given has expired', async function () {
    this.timeout(20_000);
    const aliceId = uniqueUser('alice');
    const alice = await openClient(aliceId, { token: await shortLivedToken(aliceId, 2) });
    await until(() => alice.state === 'online', 'online while the token lasts');
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')], name: 'expiring' });
    const wrapper = await fixture(html`<div>
      <chat-list .client=${alice}></chat-list>
      <chat-room .client=${alice} conversation=${conversation.id}></chat-room>
    </div>`);
    for (const element of wrapper.querySelectorAll('chat-list, chat-room')) {
      const banner = await until(() => element.shadowRoot!.querySelector('[part="status"] button.reload')?.parentElement, `${element.localName} banner`, 10_000);
      expect(banner.textContent).to.contain('Your chat session has ended.');
    }
  });
});
