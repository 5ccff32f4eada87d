import { expect } from '@open-wc/testing';
import { closeClients, connectClient, cutConnections, flakyServerUrl, storedMessages, uniqueUser, until } from '../web-support/parley.js';
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
