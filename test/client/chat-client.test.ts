import { expect } from '@open-wc/testing';
import type { ChatClient } from '../../src/client/chat-client.js';
import type { ChatMessage } from '../../src/client/chat-message.js';
import type { ChatError } from '../../src/protocol/chat-error.js';
import type { MessageRecord } from '../../src/protocol/model.js';
import { closeClients, connectClient, firstValue, openClient, renewingClient, shortLivedToken, uniqueUser, until } from '../web-support/parley.js';

async function messagesOf(client: ChatClient, cid: string): Promise<ChatMessage[]> {
  return firstValue(client.watchMessages(cid));
}

describe('ChatClient', () => {
  afterEach(closeClients);

  it('lets two users in one page exchange messages through the server', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id] });

    const sent = await alice.send(conversation.id, 'hello bob');
    expect(sent.seq).to.equal(1);
    expect(sent.from).to.equal(alice.user.id);

    const atBob = await until(async () => (await messagesOf(bob, conversation.id)).find((m) => m.text === 'hello bob'), 'bob has the message');
    expect(atBob.status).to.equal('sent');
    expect(atBob.id).to.equal(sent.id);

    await bob.send(conversation.id, 'hi alice');
    const atAlice = await until(async () => {
      const list = await messagesOf(alice, conversation.id);
      return list.length === 2 ? list : undefined;
    }, 'alice has both messages');
    expect(atAlice.map((m) => [m.seq, m.text])).to.deep.equal([
      [1, 'hello bob'],
      [2, 'hi alice'],
    ]);
  });

  it('hands in fresh tokens from its provider before each expires, never dropping the connection', async function () {
    this.timeout(20_000);
    const bob = await connectClient(uniqueUser('bob'));
    const aliceId = uniqueUser('alice');
    const { client: alice, issued, states } = await renewingClient(aliceId, 2);
    await until(() => issued() >= 4, 'three renewals', 10_000); // each token lives 2 s: past several expiries
    expect(states, 'the connection never dropped').to.deep.equal([]);

    const conversation = await bob.createConversation({ members: [aliceId] });
    const arrived = new Promise<MessageRecord>((resolve) => alice.addEventListener('message', (event) => resolve((event as CustomEvent<MessageRecord>).detail)));
    await bob.send(conversation.id, 'still reaching you');
    expect((await arrived).text).to.equal('still reaching you');
  });

  it('is cut off when its only token expires, and says why', async function () {
    this.timeout(20_000);
    const aliceId = uniqueUser('alice');
    const alice = await openClient(aliceId, { token: await shortLivedToken(aliceId, 2) });
    await until(() => alice.state === 'online', 'online while the token lasts');
    const errors: string[] = [];
    alice.addEventListener('error', (event) => errors.push((event as CustomEvent<ChatError>).detail.name));
    let expired = 0;
    alice.addEventListener('sessionexpired', () => expired++);
    await until(() => errors.includes('SESSION_TOKEN_EXPIRED') && alice.state === 'offline', 'cut off at expiry, the token refused', 10_000);
    expect(alice.sessionExpired).to.equal(true);
    expect(expired).to.equal(1);
    // The same token would be refused again and again: it does not keep knocking.
    const refusals = errors.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(errors.length, 'no retries with a token that cannot be renewed').to.equal(refusals);
    expect(alice.state).to.equal('offline');
  });

  it('returns the existing private conversation for the same pair', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const first = await alice.createConversation({ members: [bob.user.id] });
    const second = await bob.createConversation({ members: [alice.user.id] });
    expect(second.id).to.equal(first.id);
  });

  it('shows a sent message at once as sending, then as sent', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const seen: string[] = [];
    const subscription = alice.watchMessages(conversation.id).subscribe({
      next: (list) => list.forEach((m) => seen.push(`${m.text}:${m.status}`)),
      error: () => undefined,
    });
    await alice.send(conversation.id, 'hi');
    await until(() => seen.includes('hi:sent'), 'sent status');
    subscription.unsubscribe();
    expect(seen).to.include('hi:sending');
    expect(seen.indexOf('hi:sending')).to.be.lessThan(seen.indexOf('hi:sent'));
  });

  it('counts unread messages and clears them on read, on every device of the user', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bobId = uniqueUser('bob');
    const bobPhone = await connectClient(bobId);
    const conversation = await alice.createConversation({ members: [bobId] });
    await alice.send(conversation.id, 'one');
    await alice.send(conversation.id, 'two');
    const unreadAt = async (client: ChatClient) => (await firstValue(client.watchConversation(conversation.id)))?.unreadMessagesCount;
    await until(async () => (await unreadAt(bobPhone)) === 2, 'bob phone unread 2');

    const bobLaptop = await connectClient(bobId);
    await bobLaptop.refreshConversations();
    expect(await unreadAt(bobLaptop)).to.equal(2);

    await bobLaptop.markRead(conversation.id);
    expect(await unreadAt(bobLaptop)).to.equal(0);
    await until(async () => (await unreadAt(bobPhone)) === 0, 'bob phone unread cleared');
  });

  it('lists conversations by last activity and loads history backwards page by page', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bobId = uniqueUser('bob');
    const older = await alice.createConversation({ members: [bobId], name: 'older' });
    const newer = await alice.createConversation({ members: [uniqueUser('carol')], name: 'newer' });
    for (let i = 1; i <= 45; i++) await alice.send(older.id, `m${i}`);
    await alice.close({ clear: true });

    // A fresh client (empty cache) opens the conversation: it gets the newest page first.
    const again = await connectClient(alice.user.id);
    await again.refreshConversations();
    const list = await firstValue(again.watchConversations());
    expect(list.map((c) => c.name)).to.deep.equal(['older', 'newer']);
    expect(newer.id).to.equal(list[1]!.id);

    await again.openConversation(older.id);
    let shown = await firstValue(again.watchMessages(older.id, 100));
    expect(shown.map((m) => m.seq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 26 + i));
    expect(await again.loadOlder(older.id)).to.equal(true);
    expect(await again.loadOlder(older.id)).to.equal(false);
    shown = await firstValue(again.watchMessages(older.id, 100));
    expect(shown.map((m) => m.text)).to.deep.equal(Array.from({ length: 45 }, (_, i) => `m${i + 1}`));
  });

  it('opens from the cache before the network answers', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    await alice.send(conversation.id, 'kept locally');
    await alice.close();
    const { ChatClient } = await import('../../src/client/chat-client.js');
    const { tokenFor } = await import('../web-support/parley.js');
    // Point at a server that is not there: only the cache can answer.
    const offline = new ChatClient({ server: 'http://127.0.0.1:9', token: await tokenFor(alice.user.id) });
    try {
      expect(offline.state).to.not.equal('online');
      const cached = await firstValue(offline.watchMessages(conversation.id));
      // The cache is per server, so a different server URL sees nothing…
      expect(cached).to.deep.equal([]);
    } finally {
      await offline.close({ clear: true });
    }
    // …and the same server URL sees the cached message before connecting.
    const { serverUrl } = await import('../web-support/parley.js');
    const same = new ChatClient({ server: await serverUrl(), token: await tokenFor(alice.user.id) });
    try {
      const cached = await firstValue(same.watchMessages(conversation.id));
      expect(cached.map((m) => m.text)).to.deep.equal(['kept locally']);
    } finally {
      await same.close({ clear: true });
    }
  });

  it('reports a send to a conversation the user is not in as a typed error and marks it failed', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const mallory = await connectClient(uniqueUser('mallory'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    let error: ChatError | undefined;
    try {
      await mallory.send(conversation.id, 'let me in');
    } catch (e) {
      error = e as ChatError;
    }
    expect(error?.name).to.equal('INVALID_MESSAGING_TARGET');
    expect(error?.code).to.equal(4401);
    const shown = await firstValue(mallory.watchMessages(conversation.id));
    expect(shown.map((m) => m.status)).to.deep.equal(['failed']);
    await mallory.discard(shown[0]!.clientId);
    expect(await firstValue(mallory.watchMessages(conversation.id))).to.deep.equal([]);
  });
});
