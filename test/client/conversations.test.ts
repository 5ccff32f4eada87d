import { expect } from '@open-wc/testing';
import type { ChatClient } from '../../src/client/chat-client.js';
import type { ChatError } from '../../src/protocol/chat-error.js';
import type { ConversationRecord } from '../../src/protocol/model.js';
import { admin, closeClients, connectClient, firstValue, uniqueUser, until } from '../web-support/parley.js';

const cached = (client: ChatClient, cid: string) => firstValue(client.watchConversation(cid));

function nextClientEvent<T>(client: ChatClient, name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event`)), 5000);
    client.addEventListener(name, (event) => {
      clearTimeout(timer);
      resolve((event as CustomEvent<T>).detail);
    }, { once: true });
  });
}

describe('ChatClient conversations', () => {
  afterEach(closeClients);

  it('answers a query the same from the server and from the warm cache', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const [bob, carol] = [uniqueUser('bob'), uniqueUser('carol')];
    const made: ConversationRecord[] = [];
    for (let i = 0; i < 6; i++) {
      made.push(
        await alice.createConversation({
          members: i % 2 === 0 ? [bob, carol] : [carol, uniqueUser('dan')],
          name: `${i % 3 === 0 ? 'Team' : 'Chat'} ${i}`,
          attributes: { type: i < 4 ? 'group' : 'archive', level: i },
        }),
      );
    }
    const queries = [
      () => alice.getQuery().containsMembers([bob]).descending('updatedAt'),
      () => alice.getQuery().equalTo('attr.type', 'group').greaterThan('attr.level', 0).ascending('lastMessageAt'),
      () => alice.getQuery().startsWith('name', 'Team'),
      () => alice.getQuery().contains('name', 'at').limit(2).skip(1),
      () => alice.getQuery().withMembers([carol, uniqueUser('nobody')], true),
      () => alice.getQuery().containedIn('attr.level', [1, 2, '3']).notEqualTo('attr.type', 'archive'),
    ];
    for (const build of queries) {
      const fromServer = (await build().find()).map((c) => c.id);
      const fromCache = (await build().findInCache()).map((c) => c.id);
      expect(fromCache, JSON.stringify(build().toJSON())).to.deep.equal(fromServer);
    }
    expect((await alice.getQuery().containsMembers([bob]).find()).map((c) => c.name)).to.deep.equal(['Chat 4', 'Chat 2', 'Team 0']);
    expect(made).to.have.length(6);
  });

  it('lands attribute changes and member changes of others in the cache, with events', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const carolId = uniqueUser('carol');
    const group = await alice.createConversation({ members: [bob.user.id, uniqueUser('x')], name: 'Class 3' });
    await until(() => cached(bob, group.id), 'bob has the group');

    const info = nextClientEvent<{ attributes: Record<string, unknown>; updatedBy: string }>(alice, 'conversationinfoupdated');
    await bob.conversations.update(group.id, { name: 'Class 3, grade 2', 'attr.pinned': true });
    expect((await info).updatedBy).to.equal(bob.user.id);
    const atAlice = await cached(alice, group.id);
    expect([atAlice?.name, atAlice?.attributes]).to.deep.equal(['Class 3, grade 2', { pinned: true }]);

    const carol = await connectClient(carolId);
    const joined = nextClientEvent<{ members: string[] }>(bob, 'membersjoined');
    const invited = nextClientEvent<{ cid: string }>(carol, 'invited');
    await alice.conversations.add(group.id, [carolId]);
    expect((await joined).members).to.deep.equal([carolId]);
    expect((await invited).cid).to.equal(group.id);
    expect((await cached(carol, group.id))?.name).to.equal('Class 3, grade 2');
    await until(async () => (await cached(bob, group.id))?.members.includes(carolId), 'bob sees carol');

    const kicked = nextClientEvent<{ kickedBy: string }>(carol, 'kicked');
    await alice.conversations.remove(group.id, [carolId]);
    expect((await kicked).kickedBy).to.equal(alice.user.id);
    await until(async () => !(await cached(carol, group.id)), 'carol no longer has it');
    await until(async () => !(await cached(bob, group.id))?.members.includes(carolId), 'bob saw carol leave');
  });

  it('creates and uses a chat room: count across clients, live messages, rejoined after a reconnect', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const room = await alice.createChatRoom({ name: `Lobby ${uniqueUser('room')}` });
    expect(room.transient).to.equal(true);
    expect(alice.conversations.currentChatRoom).to.equal(room.id);

    const found = await bob.getChatRoomQuery().equalTo('name', room.name).find();
    expect(found.map((c) => c.id)).to.deep.equal([room.id]);
    await bob.conversations.join(room.id);
    expect(await alice.conversations.count(room.id)).to.equal(2);
    expect((await cached(bob, room.id))?.members).to.deep.equal([]);

    await bob.send(room.id, 'hello room');
    await until(async () => (await cached(alice, room.id))?.lastMessage?.text === 'hello room', 'alice has the message');

    bob.disconnect();
    await until(async () => (await alice.conversations.count(room.id)) === 1, 'bob counted out');
    bob.reconnect();
    await until(async () => (await alice.conversations.count(room.id)) === 2, 'bob put back in the room');
    await bob.send(room.id, 'back again');
    await until(async () => (await cached(alice, room.id))?.lastMessage?.text === 'back again', 'alice has the later message');
  });

  it('creates a temporary conversation with an id that says so and a time to live', async () => {
    const visitor = await connectClient(uniqueUser('visitor'));
    const temp = await visitor.createTemporaryConversation({ members: [uniqueUser('agent')], ttl: 3600 });
    expect(temp.id.startsWith('_tmp:')).to.equal(true);
    expect(temp.expiresAt! - temp.createdAt).to.equal(3600 * 1000);
    expect((await visitor.getQuery().ofKind('temporary').findInCache()).map((c) => c.id)).to.deep.equal([temp.id]);
    const error = await visitor.conversations.add(temp.id, [uniqueUser('x')]).catch((e: ChatError) => e);
    expect((error as ChatError).name).to.equal('CONVERSATION_READ_ONLY');
  });

  it('lists the services a user subscribes to and receives what they send', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const service = await admin<ConversationRecord>('POST', '/service-conversations', { name: `News ${uniqueUser('n')}` });
    const invited = nextClientEvent<{ cid: string }>(alice, 'invited');
    await admin('POST', `/service-conversations/${service.id}/subscribers`, { users: [alice.user.id] });
    expect((await invited).cid).to.equal(service.id);
    const mine = await alice.getServiceConversationQuery().subscribed().find();
    expect(mine.map((c) => c.id)).to.deep.equal([service.id]);
    expect((await alice.getServiceConversationQuery().equalTo('name', service.name).find())[0]?.subscribed).to.equal(true);

    await admin('POST', `/service-conversations/${service.id}/messages`, { text: 'Version 2 is out' });
    await until(async () => (await cached(alice, service.id))?.lastMessage?.text === 'Version 2 is out', 'the broadcast is cached');
    const refused = await alice.send(service.id, 'thanks').catch((e: ChatError) => e);
    expect((refused as ChatError).name).to.equal('CONVERSATION_READ_ONLY');
  });

  it('rejects bad input with typed errors and changes nothing', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const group = await alice.createConversation({ members: [uniqueUser('b'), uniqueUser('c')], name: 'Fine' });
    const tooBig = await alice.conversations.update(group.id, { 'attr.blob': 'x'.repeat(10_000) }).catch((e: ChatError) => e);
    expect((tooBig as ChatError).name).to.equal('PAYLOAD_TOO_LARGE');
    const badKey = await alice.conversations.update(group.id, { 'attr.__proto__': 1 }).catch((e: ChatError) => e);
    expect((badKey as ChatError).code).to.equal(4700);
    const missing = await alice.getConversation('no-such-conversation').catch((e: ChatError) => e);
    expect((missing as ChatError).code).to.equal(4401);
    expect((await alice.getConversation(group.id)).attributes).to.deep.equal({});
  });
});
