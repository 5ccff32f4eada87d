import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { MessageType } from '../../src/protocol/limits.js';
import { closeClients, connectClient, cutConnections, flakyServerUrl, replayingProxy, storedMessages, uniqueUser, until } from '../web-support/parley.js';
import { seededRandom } from '../support/seeded-random.js';

const PER_SENDER = 25;
const CUTS = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ChatClient on a flapping network', () => {
  afterEach(closeClients);

  it(`three senders in one group while every connection is cut ${CUTS} times: each message stored once, in each sender's order, and every cache equals the server`, async function () {
    this.timeout(60_000);
    const server = await flakyServerUrl();
    const clients = await Promise.all(['alice', 'bob', 'carol'].map((name) => connectClient(uniqueUser(name), { server })));
    const [alice, bob, carol] = clients as [typeof clients[0], typeof clients[0], typeof clients[0]];
    const group = await alice.createConversation({ members: [bob.user.id, carol.user.id], name: 'flapping' });
    const next = seededRandom(4242);

    let sendersDone = 0;
    const sending = clients.map(async (client, k) => {
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < PER_SENDER; i++) {
        sends.push(client.send(group.id, `${k}:${i}`));
        await sleep(20 + next() * 60);
      }
      sendersDone++;
      return Promise.all(sends);
    });
    // Each time the clients are back, the network holds for a moment, then drops again: all the
    // while messages are being written, and some more times after.
    let cut = 0;
    for (let i = 0; i < CUTS || sendersDone < clients.length; i++) {
      await until(() => clients.some((client) => client.state === 'online'), 'a client back online', 15_000);
      await sleep(50 + next() * 250);
      cut += await cutConnections();
    }
    expect(cut, 'connections were cut while sending').to.be.at.least(CUTS);
    await Promise.all(sending); // each send resolves once the server has committed it

    const stored = await storedMessages(group.id);
    expect(stored.map((m) => m.seq)).to.deep.equal(Array.from({ length: 3 * PER_SENDER }, (_, i) => i + 1), 'seq 1..N, each once');
    expect(new Set(stored.map((m) => `${m.from}\n${m.clientId}`)).size).to.equal(3 * PER_SENDER, 'one row per client id');
    for (const client of clients) {
      // The texts of one sender's stored messages, by seq, are in the order they were sent.
      const own = stored.filter((m) => m.from === client.user.id).length;
      expect(own).to.equal(PER_SENDER);
    }
    const expected = stored.map((m) => m.id);
    for (const client of clients) {
      await until(
        async () => {
          const window = await client.readMessageWindow(group.id, { end: 'newest', count: 200 });
          return JSON.stringify(window.messages.map((m) => m.id)) === JSON.stringify(expected) && window.messages.every((m) => m.status === 'sent');
        },
        `${client.user.id}'s cache equal to the server's history`,
        20_000,
      );
    }
    const texts = (await alice.readMessageWindow(group.id, { end: 'newest', count: 200 })).messages.map((m) => m.text!);
    for (let k = 0; k < 3; k++) {
      const mine = texts.filter((text) => text.startsWith(`${k}:`));
      expect(mine).to.deep.equal(Array.from({ length: PER_SENDER }, (_, i) => `${k}:${i}`), `sender ${k}'s messages in the order sent`);
    }
  });
});

describe('ChatClient through a proxy that replays and delays frames', () => {
  afterEach(closeClients);

  it('three senders, each also editing and recalling: each message stored once and shown once, every cache equal to the server', async function () {
    this.timeout(60_000);
    const PER = 20;
    const { url: server, duplicated: before } = await replayingProxy();
    const clients = await Promise.all(['alice', 'bob', 'carol'].map((name) => connectClient(uniqueUser(name), { server })));
    const [alice, bob, carol] = clients as [typeof clients[0], typeof clients[0], typeof clients[0]];
    const group = await alice.createConversation({ members: [bob.user.id, carol.user.id], name: 'replayed' });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${group.id}></chat-room>`);
    const next = seededRandom(2525);

    await Promise.all(
      clients.map(async (client, k) => {
        const sends: Promise<{ id: string }>[] = [];
        for (let i = 0; i < PER; i++) {
          sends.push(client.send(group.id, `${k}:${i}`));
          await sleep(next() * 40);
        }
        const [first, second] = await Promise.all(sends);
        await client.update(group.id, first!.id, { text: `${k}:0 edited` });
        await client.recall(group.id, second!.id);
      }),
    );
    expect((await replayingProxy()).duplicated - before, 'frames were replayed').to.be.at.least(20);

    const stored = await storedMessages(group.id);
    expect(stored.map((m) => m.seq)).to.deep.equal(Array.from({ length: 3 * PER }, (_, i) => i + 1), 'seq 1..N, each once');
    expect(new Set(stored.map((m) => `${m.from}\n${m.clientId}`)).size).to.equal(3 * PER, 'one row per client id');
    const expected = stored.map((m) => m.id).join();
    for (const client of clients) {
      const window = await until(
        async () => {
          // A cache may start its range after seq 1 (a page fetched while pushes arrived): the
          // rest is a scroll up away, as it would be in the room.
          await client.loadOlder(group.id);
          const held = await client.readMessageWindow(group.id, { end: 'newest', count: 200 });
          const settled = held.messages.every((m) => m.status === 'sent') && held.messages.filter((m) => m.type === MessageType.RECALLED).length === 3;
          return held.messages.map((m) => m.id).join() === expected && settled ? held : undefined;
        },
        `${client.user.id}'s cache equal to the server's history`,
        20_000,
      );
      for (let k = 0; k < 3; k++) expect(window.messages.some((m) => m.text === `${k}:0 edited`), `${client.user.id} has sender ${k}'s edit`).to.equal(true);
    }
    const keys = [...room.shadowRoot!.querySelectorAll<HTMLElement>('.message')].map((row) => row.dataset.key);
    expect(keys.length, 'messages on screen').to.be.greaterThan(0);
    expect(new Set(keys).size, 'each shown once').to.equal(keys.length);
  });
});
