import { expect } from '@open-wc/testing';
import { CacheDb, cacheDbName } from '../../src/client/cache-db.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { MessageType } from '../../src/protocol/limits.js';
import type { MessageRecord } from '../../src/protocol/model.js';
import {
  closeClients,
  connectClient,
  dropNextAcks,
  firstValue,
  openCacheInNewerTab,
  openClient,
  rateLimitNextSends,
  restartServer,
  serverUrl,
  uniqueUser,
  until,
  wireSends,
} from '../web-support/parley.js';

/** Committed messages a client holds for a conversation, in seq order. */
async function held(client: ChatClient, cid: string, limit = 1000) {
  return (await firstValue(client.watchMessages(cid, limit))).filter((m) => m.status === 'sent');
}

describe('offline-first store', () => {
  afterEach(closeClients);

  it('delivers messages sent while offline exactly once, in order, after a reload', async () => {
    const aliceId = uniqueUser('alice');
    const bob = await connectClient(uniqueUser('bob'));
    let alice = await connectClient(aliceId);
    const conversation = await alice.createConversation({ members: [bob.user.id] });

    alice.disconnect();
    await until(() => alice.state === 'offline', 'alice offline');
    for (let i = 1; i <= 20; i++) void alice.send(conversation.id, `offline ${i}`);
    const pending = await until(async () => {
      const list = await firstValue(alice.watchMessages(conversation.id));
      return list.length === 20 ? list : undefined;
    }, '20 pending');
    expect(pending.every((m) => m.status === 'sending')).to.equal(true);

    // A reload: this page's client goes away without sending; a new one opens the same cache.
    await alice.close();
    alice = await connectClient(aliceId);
    const atBob = await until(async () => {
      const list = await held(bob, conversation.id);
      return list.length >= 20 ? list : undefined;
    }, 'bob has all 20', 10_000);
    expect(atBob.map((m) => m.text)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `offline ${i + 1}`));
    expect(atBob.map((m) => m.seq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    await until(async () => (await firstValue(alice.watchMessages(conversation.id))).every((m) => m.status === 'sent'), 'outbox empty');
  });

  it('keeps a file written offline with its message across a reload, and sends it in order', async () => {
    const aliceId = uniqueUser('alice');
    const bob = await connectClient(uniqueUser('bob'));
    let alice = await connectClient(aliceId);
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    await bob.openConversation(conversation.id);

    alice.disconnect();
    await until(() => alice.state === 'offline', 'alice offline');
    const canvas = new OffscreenCanvas(24, 16);
    canvas.getContext('2d')!.fillRect(0, 0, 24, 16);
    const image = new File([await canvas.convertToBlob({ type: 'image/png' })], 'sketch.png', { type: 'image/png' });
    void alice.send(conversation.id, 'before');
    void alice.sendFile(conversation.id, image, { text: 'my sketch' });
    void alice.send(conversation.id, 'after');
    const pending = await until(async () => {
      const list = await firstValue(alice.watchMessages(conversation.id));
      return list.length === 3 ? list : undefined;
    }, 'three pending');
    expect(pending[1]!.file).to.include({ name: 'sketch.png', url: '' });

    // Reload: the file is kept in the outbox with its message.
    await alice.close();
    alice = await connectClient(aliceId);
    const atBob = await until(async () => {
      const list = await held(bob, conversation.id);
      return list.length >= 3 ? list : undefined;
    }, 'bob has all three', 10_000);
    expect(atBob.map((m) => m.text)).to.deep.equal(['before', 'my sketch', 'after']);
    expect(atBob[1]!.type).to.equal(MessageType.IMAGE);
    expect(atBob[1]!.file).to.include({ name: 'sketch.png', mime: 'image/png', width: 24, height: 16 });
    expect(atBob[1]!.file!.url).to.match(/^\/files\//);
  });

  it('retries after a lost acknowledgement without duplicating the message', async () => {
    const bob = await connectClient(uniqueUser('bob'));
    const alice = await connectClient(uniqueUser('alice'), { ackTimeoutMs: 300 });
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    await dropNextAcks(1);
    const sent = await alice.send(conversation.id, 'ack lost once');
    expect(await wireSends(sent.clientId)).to.equal(2);
    await alice.send(conversation.id, 'next one');
    const atBob = await until(async () => {
      const list = await held(bob, conversation.id);
      return list.length === 2 ? list : undefined;
    }, 'bob has two messages');
    expect(atBob.map((m) => [m.seq, m.text])).to.deep.equal([
      [1, 'ack lost once'],
      [2, 'next one'],
    ]);
    expect((await held(alice, conversation.id)).map((m) => m.text)).to.deep.equal(['ack lost once', 'next one']);
  });

  it('waits out the server’s command budget, as long as it says, without counting a failed attempt', async () => {
    const bob = await connectClient(uniqueUser('bob'));
    // One attempt only: a refusal counted as a failed attempt would fail the message at once.
    const alice = await connectClient(uniqueUser('alice'), { maxSendAttempts: 1 });
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    await rateLimitNextSends(3, 200);
    const sent = await Promise.all(['one', 'two'].map((text) => alice.send(conversation.id, text)));
    expect(sent.map((m) => [m.seq, m.text])).to.deep.equal([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(await wireSends(sent[0]!.clientId)).to.equal(1, 'refused three times, then sent once');
  });

  it('loses and doubles nothing when the server restarts during a burst of 500 messages from 5 senders', async function () {
    this.timeout(90_000);
    const senders = await Promise.all(
      Array.from({ length: 5 }, (_, i) => connectClient(uniqueUser(`sender${i}`), { ackTimeoutMs: 2000, maxSendAttempts: 50 })),
    );
    const receiver = await connectClient(uniqueUser('receiver'));
    const group = await senders[0]!.createConversation({
      members: [...senders.map((s) => s.user.id), receiver.user.id],
      name: 'burst',
    });
    // Everyone has the conversation open, as a chat window would.
    await Promise.all([receiver, ...senders].map((client) => client.openConversation(group.id)));
    const sends: Promise<MessageRecord>[] = [];
    for (let n = 1; n <= 100; n++) {
      senders.forEach((sender, i) => sends.push(sender.send(group.id, `${i}:${n}`)));
    }
    // Restart once the burst is well under way: some messages are committed (the receiver has
    // them; their senders' acks may still be on the way), many in flight.
    let committedAtRestart = 0;
    const restarted = until(async () => {
      const count = (await held(receiver, group.id)).length;
      return count >= 100 ? count : undefined;
    }, 'burst under way', 30_000).then((count) => {
      committedAtRestart = count;
      return restartServer();
    });
    await Promise.all([...sends, restarted]);
    expect(committedAtRestart).to.be.within(100, 499);

    for (const client of [receiver, ...senders]) {
      const list = await until(async () => {
        const messages = await held(client, group.id);
        return messages.length >= 500 ? messages : undefined;
      }, `${client.user.id} holds 500`, 20_000);
      expect(list.map((m) => m.seq)).to.deep.equal(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(new Set(list.map((m) => m.text)).size).to.equal(500);
      senders.forEach((_, i) => {
        const mine = list.filter((m) => m.text!.startsWith(`${i}:`)).map((m) => Number(m.text!.split(':')[1]));
        expect(mine).to.deep.equal(Array.from({ length: 100 }, (_, k) => k + 1));
      });
    }
  });

  it('repairs a hole in the cache on the next sync', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    for (let i = 1; i <= 30; i++) await alice.send(conversation.id, `m${i}`);
    await until(async () => (await held(bob, conversation.id)).length === 30, 'bob has 30');

    // Damage bob's cache from outside, as eviction or a bug would.
    const raw = new CacheDb(cacheDbName(await serverUrl(), bob.user.id));
    await raw.messages.where('[cid+seq]').between([conversation.id, 10], [conversation.id, 20], true, true).delete();
    raw.close();
    expect((await held(bob, conversation.id)).length).to.equal(19);

    bob.disconnect();
    bob.reconnect();
    const repaired = await until(async () => {
      const list = await held(bob, conversation.id);
      return list.length === 30 ? list : undefined;
    }, 'hole refilled');
    expect(repaired.map((m) => m.text)).to.deep.equal(Array.from({ length: 30 }, (_, i) => `m${i + 1}`));
  });

  it('forgets, on reconnect, a conversation the user was removed from while offline', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const group = await alice.createConversation({ members: [bob.user.id, uniqueUser('carol')], name: 'team' });
    const kept = await alice.createConversation({ members: [bob.user.id], name: 'kept' });
    await alice.send(group.id, 'before');
    await bob.openConversation(group.id);
    await bob.openConversation(kept.id);
    await until(async () => (await held(bob, group.id)).length === 1, 'bob holds the group message');

    bob.disconnect();
    await until(() => bob.state === 'offline', 'bob offline');
    await alice.conversations.remove(group.id, [bob.user.id]);

    const synced = new Promise((resolve) => bob.addEventListener('synced', resolve, { once: true }));
    bob.reconnect();
    await synced;
    expect(await firstValue(bob.watchConversation(group.id))).to.equal(undefined);
    expect(await held(bob, group.id)).to.deep.equal([]);
    expect((await firstValue(bob.watchConversation(kept.id)))?.name).to.equal('kept');
  });

  it('keeps chatting online, in memory, when IndexedDB cannot be opened', async () => {
    const bob = await connectClient(uniqueUser('bob'));
    const original = IDBFactory.prototype.open;
    // What private modes do: opening fails.
    IDBFactory.prototype.open = function () {
      throw new DOMException('The operation failed', 'InvalidStateError');
    };
    let alice: ChatClient;
    try {
      alice = await openClient(uniqueUser('alice'), { memoryStorage: () => import('fake-indexeddb') });
    } finally {
      IDBFactory.prototype.open = original;
    }
    expect(alice.storage).to.equal('memory');
    expect(alice.storageProblem).to.equal('InvalidStateError');
    await until(() => alice.state === 'online', 'alice online');
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    await alice.send(conversation.id, 'from memory');
    await until(async () => (await held(bob, conversation.id)).some((m) => m.text === 'from memory'), 'bob got it');
    expect((await held(alice, conversation.id)).map((m) => m.text)).to.deep.equal(['from memory']);
  });

  it('steps aside when a newer widget in another tab upgrades the cache: the upgrade is not blocked, queued messages survive, the page is asked to reload', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    alice.disconnect();
    const queued = alice.send(conversation.id, 'queued before the upgrade');
    queued.catch(() => undefined); // this page can no longer see it through
    await until(async () => (await firstValue(alice.watchMessages(conversation.id))).some((m) => m.status === 'sending'), 'queued');
    let outdated = 0;
    alice.addEventListener('outdated', () => outdated++);

    // The other tab's newer code opens the same database at a higher version.
    const upgraded = await openCacheInNewerTab(alice.user.id);
    try {
      const outbox = await new Promise<unknown[]>((resolve, reject) => {
        const request = upgraded.transaction('outbox').objectStore('outbox').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      expect(outbox.map((entry) => (entry as { text: string }).text)).to.deep.equal(['queued before the upgrade']);
    } finally {
      upgraded.close();
    }
    expect(outdated).to.equal(1);
    expect(alice.outdated).to.equal(true);
    expect(alice.state).to.equal('offline');
  });

  it('deletes the user’s cache on logout', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    await alice.send(conversation.id, 'to be forgotten');
    const name = cacheDbName(await serverUrl(), alice.user.id);
    expect((await indexedDB.databases()).some((d) => d.name === name)).to.equal(true);
    await alice.close({ clear: true });
    expect((await indexedDB.databases()).some((d) => d.name === name)).to.equal(false);
  });
});
